package tgfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// Push queues an update for getUpdates and returns its id. An update whose
// ID is zero gets the next id; pushing an update with an id that was used
// before queues it again, which is how Telegram redelivers an update the
// bot may already have handled.
func (s *Server) Push(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		u.ID = s.nextID
	}
	s.stampLocked(u.Message)
	s.stampLocked(u.EditedMessage)
	raw, err := json.Marshal(u)
	if err != nil {
		panic(fmt.Sprintf("tgfake: push update %d: %v", u.ID, err))
	}
	s.pushLocked(u.ID, raw)
	return u.ID
}

// PushRaw queues an update given as JSON, which may be malformed in ways
// models.Update cannot express, or not even JSON: getUpdates sends it
// verbatim in its answer. id is its update_id.
func (s *Server) PushRaw(id int64, raw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pushLocked(id, json.RawMessage(raw))
}

func (s *Server) pushLocked(id int64, raw json.RawMessage) {
	if id >= s.nextID {
		s.nextID = id + 1
	}
	s.queue = append(s.queue, queued{id: id, raw: raw})
	s.notifyLocked()
}

// stampLocked gives an incoming message an id and a date when the test left
// them out.
func (s *Server) stampLocked(m *models.Message) {
	if m == nil {
		return
	}
	if m.ID == 0 {
		m.ID = s.nextMessageIDLocked(m.Chat.ID)
	}
	if m.Date == 0 {
		m.Date = int(time.Now().Unix())
	}
}

func (s *Server) nextMessageIDLocked(chat int64) int {
	s.msgIDs[chat]++
	return s.msgIDs[chat]
}

// PushText queues a text message from user in chat and returns the update
// id.
func (s *Server) PushText(chat models.Chat, from models.User, text string) int64 {
	return s.Push(models.Update{Message: &models.Message{Chat: chat, From: &from, Text: text}})
}

// Pending returns how many queued updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// maxPollSeconds bounds a long poll so that a test never hangs on one.
const maxPollSeconds = 50

// getUpdates answers like Telegram: an offset confirms every update before
// it; the answer holds the unconfirmed updates from the offset on, plus
// re-pushed ones, waiting up to timeout seconds for one to arrive.
func (s *Server) getUpdates(r *http.Request, params map[string]string) (any, *apiError) {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	limit, _ := strconv.Atoi(params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(params["timeout"])
	timeout = min(max(timeout, 0), maxPollSeconds)
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		deadline = t.C
	}
	for {
		s.mu.Lock()
		if aerr := s.checkFaultLocked("getUpdates", 0); aerr != nil {
			s.mu.Unlock()
			return nil, aerr
		}
		kept := s.queue[:0]
		for _, q := range s.queue {
			if q.delivered && offset > 0 && q.id < offset {
				s.confirmed[q.id] = true
				continue
			}
			kept = append(kept, q)
		}
		clear(s.queue[len(kept):])
		s.queue = kept
		var out []json.RawMessage
		for i := range s.queue {
			q := &s.queue[i]
			if q.id >= offset || !q.delivered {
				q.delivered = true
				out = append(out, q.raw)
				if len(out) == limit {
					break
				}
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if len(out) > 0 || deadline == nil {
			return rawList(out), nil
		}
		select {
		case <-changed:
		case <-deadline:
			return rawList(nil), nil
		case <-r.Context().Done():
			return rawList(nil), nil
		case <-s.closing:
			return rawList(nil), nil
		}
	}
}

// rawList is a getUpdates result written as the updates were pushed, so
// that a malformed one (PushRaw) reaches the bot as Telegram would send it,
// rather than failing the whole answer in json.Marshal.
type rawList []json.RawMessage

func (l rawList) write(w io.Writer) {
	io.WriteString(w, "[")
	for i, raw := range l {
		if i > 0 {
			io.WriteString(w, ",")
		}
		w.Write(raw)
	}
	io.WriteString(w, "]")
}

// Confirmed reports whether the bot confirmed update id, by a getUpdates
// whose offset is past it after the update was delivered: Telegram will
// never send it again, so from then on the bot alone answers for it.
func (s *Server) Confirmed(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed[id]
}

// ConfirmedCount returns how many updates the bot confirmed.
func (s *Server) ConfirmedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.confirmed)
}

// Group returns a group chat; ids from -1000000000000 down are supergroups.
func Group(id int64, title string) models.Chat {
	return models.Chat{ID: id, Type: chatType(id), Title: title}
}

// Private returns the private chat with user.
func Private(user models.User) models.Chat {
	return models.Chat{ID: user.ID, Type: models.ChatTypePrivate, FirstName: user.FirstName, LastName: user.LastName, Username: user.Username}
}

// User returns a human user.
func User(id int64, firstName, username string) models.User {
	return models.User{ID: id, FirstName: firstName, Username: username, LanguageCode: "zh-hans"}
}
