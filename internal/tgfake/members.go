package tgfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// SetMember sets the status getChatMember answers for user in chat
// (models.ChatMemberTypeOwner, …Administrator, …Member, …Left, …Banned).
// Users never set are members.
func (s *Server) SetMember(chat, user int64, status models.ChatMemberType) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[memberKey{chat, user}] = status
}

// SetAdmin makes user an administrator of chat.
func (s *Server) SetAdmin(chat, user int64) {
	s.SetMember(chat, user, models.ChatMemberTypeAdministrator)
}

func (s *Server) getChatMember(params map[string]string) (any, *apiError) {
	chat, aerr := chatID(params)
	if aerr != nil {
		return nil, aerr
	}
	user, err := strconv.ParseInt(params["user_id"], 10, 64)
	if err != nil {
		return nil, &apiError{Code: 400, Description: "Bad Request: invalid user_id specified"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.checkFaultLocked("getChatMember", chat); aerr != nil {
		return nil, aerr
	}
	status, ok := s.members[memberKey{chat, user}]
	if !ok {
		status = models.ChatMemberTypeMember
	}
	return memberJSON(user, status), nil
}

func memberJSON(user int64, status models.ChatMemberType) map[string]any {
	m := map[string]any{"status": status, "user": models.User{ID: user, FirstName: "user" + strconv.FormatInt(user, 10)}}
	switch status {
	case models.ChatMemberTypeOwner:
		m["is_anonymous"] = false
	case models.ChatMemberTypeAdministrator:
		m["can_be_edited"], m["can_manage_chat"] = false, true
	}
	return m
}

func (s *Server) getChatAdministrators(params map[string]string) (any, *apiError) {
	chat, aerr := chatID(params)
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.checkFaultLocked("getChatAdministrators", chat); aerr != nil {
		return nil, aerr
	}
	var ids []int64
	for k, st := range s.members {
		if k.chat == chat && (st == models.ChatMemberTypeOwner || st == models.ChatMemberTypeAdministrator) {
			ids = append(ids, k.user)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := []map[string]any{}
	for _, id := range ids {
		out = append(out, memberJSON(id, s.members[memberKey{chat, id}]))
	}
	return out, nil
}

// File is a file the bot may download with getFile.
type File struct {
	ID   string
	Data []byte
	// ReportedSize is the file_size getFile announces; 0 announces
	// len(Data). A different value tests that the client limits its read.
	ReportedSize int64
}

// AddFile registers a file for getFile and the download URL.
func (s *Server) AddFile(f File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[f.ID] = f
	s.paths["documents/"+f.ID] = f.ID
}

// Downloads returns how many file downloads were served.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads
}

func (s *Server) getFile(params map[string]string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.checkFaultLocked("getFile", 0); aerr != nil {
		return nil, aerr
	}
	f, ok := s.files[params["file_id"]]
	if !ok {
		return nil, &apiError{Code: 400, Description: "Bad Request: invalid file_id"}
	}
	size := f.ReportedSize
	if size == 0 {
		size = int64(len(f.Data))
	}
	return models.File{FileID: f.ID, FileUniqueID: "u-" + f.ID, FileSize: size, FilePath: "documents/" + f.ID}, nil
}

// serveFile serves /file/bot<token>/<path>.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	f, ok := s.files[s.paths[path]]
	if ok {
		s.downloads++
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(f.Data)
}

// Webhook is what the bot set with setWebhook.
type Webhook struct {
	URL         string
	SecretToken string
	Set         int // setWebhook calls
	Deleted     int // deleteWebhook calls
}

// Webhook returns the webhook state.
func (s *Server) Webhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

func (s *Server) webhookMethod(method string, params map[string]string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.checkFaultLocked(method, 0); aerr != nil {
		return nil, aerr
	}
	switch method {
	case "setWebhook":
		s.webhook.URL, s.webhook.SecretToken = params["url"], params["secret_token"]
		s.webhook.Set++
	case "deleteWebhook":
		s.webhook.URL, s.webhook.SecretToken = "", ""
		s.webhook.Deleted++
	case "getWebhookInfo":
		return models.WebhookInfo{URL: s.webhook.URL, PendingUpdateCount: len(s.queue)}, nil
	}
	s.notifyLocked()
	return true, nil
}

// PostWebhook delivers u to the webhook the bot set, with its secret token,
// as Telegram would, and returns the HTTP status the bot answered.
func (s *Server) PostWebhook(ctx context.Context, u models.Update) (int, error) {
	s.mu.Lock()
	hook := s.webhook
	if u.ID == 0 {
		u.ID = s.nextID
		s.nextID++
	}
	s.stampLocked(u.Message)
	s.mu.Unlock()
	if hook.URL == "" {
		return 0, fmt.Errorf("no webhook set")
	}
	body, err := json.Marshal(u)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if hook.SecretToken != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hook.SecretToken)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
