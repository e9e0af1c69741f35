package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Evidence (佐证材料): a photo, video or document sent with a caption that
// names an item ("#12 整改前后照片", "12号 验收报告", "第12项 照片"), or in
// reply to the bot's message about one item, is attached to that item;
// so is a file sent or replied to with "/evidence 12". /evidence 12 sends
// them back by their Telegram file ids. With evidence.dir configured each
// piece is also downloaded and kept on disk (EvidenceFiles).

// EvidenceStore is what evidence needs of the database.
type EvidenceStore interface {
	AddEvidence(ctx context.Context, ev *duban.Evidence, updateID, quota int64) (duban.Item, bool, error)
	Evidence(ctx context.Context, number int) ([]duban.Evidence, error)
	EvidenceBytes(ctx context.Context) (int64, error)
	EvidenceCount(ctx context.Context, numbers ...int) (map[int]int, error)
}

// EvidenceFiles keeps the local copies of evidence (*evidence.Dir).
type EvidenceFiles interface {
	// Save writes data as ev's local copy and returns its path as the
	// store keeps it.
	Save(ev duban.Evidence, data []byte) (string, error)
	// Remove deletes a copy Save wrote, when the store refused the piece.
	Remove(rel string) error
}

// EvidenceOptions configure evidence (config evidence.*).
type EvidenceOptions struct {
	// Files keeps a local copy of each piece, downloaded through
	// Deps.Files; nil keeps none.
	Files EvidenceFiles
	// MaxBytes is the largest piece accepted (evidence.max_mb); 0 means
	// DefaultEvidenceMaxBytes.
	MaxBytes int64
	// QuotaBytes bounds the local copies in all (evidence.quota_gb); 0
	// sets no bound.
	QuotaBytes int64
}

// DefaultEvidenceMaxBytes is the most the Bot API lets a bot download.
const DefaultEvidenceMaxBytes = 20 << 20

// evidenceSent is how many files /evidence N sends back at most: the
// newest; the others are listed, and sent one by one on request.
const evidenceSent = 10

// routeEvidence handles a message that carries a file and is not a
// command: evidence when its caption names an item or it answers the bot.
// It reports false for a file that is none of the bot's business (a photo
// in the group's chatter), which route then treats as a text message.
func (h *Handler) routeEvidence(ctx context.Context, r *request) bool {
	in := r.intent
	if in.Other || in.Source == SourceCommand {
		return false // a command in a caption (/import…) runs as a command
	}
	_, _, named := evidenceRef(r.m.Text)
	toBot := r.m.ReplyTo != nil && r.m.ReplyTo.FromBot
	_, inAlbum := h.albums.get(r.m.ChatID, r.m.Attachment.Album, h.d.Now())
	if !named && !toBot && !inAlbum && r.m.IsGroup() && !in.Mention {
		return false
	}
	h.run(ctx, r, &command{name: "evidence", served: true, run: (*Handler).attachEvidence}, r.m.Text)
	return true
}

// attachEvidence attaches the message's file to the item its caption
// names, else to the one item the replied-to message of the bot is about,
// else to the item of the album it belongs to: of photos sent together,
// one carries the caption.
func (h *Handler) attachEvidence(ctx context.Context, r *request) error {
	if number, rest, ok := evidenceRef(r.m.Text); ok {
		n, _, err := parseNumberArg(number, "#12 整改前后照片", "#12 photos after the repairs")
		if err != nil {
			return err
		}
		return h.addEvidence(ctx, r, n, r.m.Attachment, rest)
	}
	if r.m.ReplyTo == nil || !r.m.ReplyTo.FromBot {
		if a, ok := h.albums.get(r.m.ChatID, r.m.Attachment.Album, h.d.Now()); ok {
			return h.addEvidence(ctx, r, a.number, r.m.Attachment, a.desc)
		}
		return howToAttach()
	}
	nums := itemNumbers(r.m.ReplyTo.Text)
	switch len(nums) {
	case 0:
		return howToAttach()
	case 1:
		return h.addEvidence(ctx, r, nums[0], r.m.Attachment, r.m.Text)
	}
	shown := nums[:min(len(nums), 8)]
	return problem(
		fmt.Sprintf("这条消息提到了多个事项（%s），请重新发送，并在说明里写上编号，例如：#%d 整改前后照片", report.NumberList(shown, report.LangZH), nums[0]),
		fmt.Sprintf("That message names several items (%s): send the file again with the number as caption, e.g. #%d photos", report.NumberList(shown, report.LangEN), nums[0]))
}

func howToAttach() *Problem {
	return problem(
		"要把照片、视频或文件作为佐证材料，请在说明里写上事项编号和材料名称，例如“#12 整改前后照片”，或回复机器人关于该事项的消息发送。",
		"To attach a photo, video or file as evidence, give the item's number and what it is as caption, e.g. “#12 photos after the repairs”, or send it in reply to the bot's message about the item.")
}

// addEvidence attaches att to item n with the words desc: checked, copied
// to disk when local copies are kept, recorded, confirmed. An unknown item,
// a file too large or a full quota is answered and nothing is stored.
func (h *Handler) addEvidence(ctx context.Context, r *request, n int, att *duban.Attachment, desc string) error {
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	switch {
	case it.Kind == duban.KindSection:
		return problem(
			fmt.Sprintf("#%d 是计划的一个部分，不是具体任务。请把佐证材料发给其下的事项，发送 /item %d 查看。", n, n),
			fmt.Sprintf("#%d is a section, not a task: attach evidence to the items under it (/item %d).", n, n))
	case it.Status == duban.StatusCancelled:
		return problem(fmt.Sprintf("#%d 已取消，不再接收佐证材料。", n), fmt.Sprintf("#%d is cancelled and takes no evidence.", n))
	}
	desc = strings.TrimSpace(desc)
	if k := utf8.RuneCountInString(desc) + r.cut; k > duban.MaxCaptionRunes {
		return problem(fmt.Sprintf("说明太长了（%d字），请控制在%d字以内。", k, duban.MaxCaptionRunes),
			fmt.Sprintf("The caption is too long (%d characters); keep it under %d.", k, duban.MaxCaptionRunes))
	}
	max := h.evidenceMaxBytes()
	if att.Size > max {
		return evidenceTooLarge(att.Size, max)
	}
	a := *att
	a.Name = cleanText(strings.TrimSpace(a.Name))
	ev := duban.Evidence{ItemNumber: n, Attachment: a, Caption: desc, ChatID: r.m.ChatID, MessageID: r.m.MessageID,
		UserID: r.m.UserID, UserName: r.m.UserName, CreatedAt: h.d.Now().UTC()}
	quota := h.d.Evidence.QuotaBytes
	copies := h.d.Evidence.Files
	if copies != nil && h.d.Files != nil {
		if p := h.keepCopy(ctx, r, &ev, max, quota); p != nil {
			return p
		}
	}
	written := ev.LocalPath // AddEvidence fills ev from the stored piece on a dup
	album, follower := h.albums.get(r.m.ChatID, a.Album, h.d.Now())
	follower = follower && album.number == n
	it, dup, err := h.d.Store.AddEvidence(ctx, &ev, r.m.UpdateID, quota)
	if written != "" && (dup || err != nil) {
		// Not recorded (refused, or held already): the copy goes too.
		if rerr := copies.Remove(written); rerr != nil {
			h.d.Logger.WarnContext(ctx, "remove evidence copy", "err", rerr, "path", written)
		}
	}
	switch duban.ErrorCode(err) {
	case "":
	case duban.ENOTFOUND:
		return notFound(n)
	case duban.ECONFLICT:
		return evidenceQuotaFull(quota)
	default:
		return err
	}
	switch {
	case follower:
		return nil // the album's first piece was confirmed, for them all
	case a.Album != "":
		h.albums.put(r.m.ChatID, a.Album, albumItem{number: n, desc: desc}, h.d.Now())
		h.reply(ctx, r, report.EvidenceRecorded(it, ev, dup, r.lang)+report.Tr(r.lang,
			"\n同一组发送的其他照片、视频和文件也一并保存。", "\nThe other photos, videos and files sent with it are saved too."))
		return nil
	}
	h.reply(ctx, r, report.EvidenceRecorded(it, ev, dup, r.lang))
	return nil
}

// albumTTL is how long the item of an album is remembered: its photos
// arrive within seconds of each other.
const albumTTL = 5 * time.Minute

// maxAlbums bounds the albums remembered at once.
const maxAlbums = 1000

// albumItem is what the captioned piece of an album said.
type albumItem struct {
	number  int
	desc    string
	expires time.Time
}

type albumKey struct {
	chat  int64
	album string
}

// albumCache remembers the item of each album of evidence, so that the
// album's other pieces, which come without a caption, go to it too. Its
// zero value is ready.
type albumCache struct {
	mu sync.Mutex
	m  map[albumKey]albumItem
}

func (c *albumCache) get(chat int64, album string, now time.Time) (albumItem, bool) {
	if album == "" {
		return albumItem{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[albumKey{chat, album}]
	if !ok || !now.Before(a.expires) {
		return albumItem{}, false
	}
	return a, true
}

func (c *albumCache) put(chat int64, album string, a albumItem, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[albumKey]albumItem{}
	}
	if len(c.m) >= maxAlbums {
		for k, v := range c.m {
			if !now.Before(v.expires) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxAlbums {
			clear(c.m)
		}
	}
	a.expires = now.Add(albumTTL)
	c.m[albumKey{chat, album}] = a
}

// keepCopy downloads the piece and writes its local copy, setting
// ev.LocalPath; it returns the Problem to answer when it cannot.
func (h *Handler) keepCopy(ctx context.Context, r *request, ev *duban.Evidence, max, quota int64) *Problem {
	// The same file sent again is found by the store; it is not fetched.
	if list, err := h.d.Store.Evidence(ctx, ev.ItemNumber); err == nil {
		for _, e := range list {
			if e.UniqueID == ev.UniqueID {
				return nil
			}
		}
	}
	if quota > 0 {
		used, err := h.d.Store.EvidenceBytes(ctx)
		if err != nil {
			h.d.Logger.WarnContext(ctx, "evidence bytes", "err", err)
		} else if used+ev.Size > quota {
			return evidenceQuotaFull(quota)
		}
	}
	data, err := h.d.Files.Download(ctx, ev.FileID, max)
	if duban.ErrorCode(err) == duban.EINVALID {
		return evidenceTooLarge(-1, max)
	} else if err != nil {
		h.d.Logger.WarnContext(ctx, "download evidence", "err", err, "chat", r.m.ChatID, "item", ev.ItemNumber)
		return problem("下载文件失败，佐证材料没有保存，请稍后重新发送。", "Downloading the file failed and the evidence was not saved: please send it again later.")
	}
	rel, err := h.d.Evidence.Files.Save(*ev, data)
	if err != nil {
		h.d.Logger.ErrorContext(ctx, "save evidence copy", "err", err, "item", ev.ItemNumber)
		return problem("保存文件失败，佐证材料没有保存，请联系管理员。", "The file could not be saved and the evidence was not recorded: please tell an admin.")
	}
	ev.LocalPath, ev.LocalSize = rel, int64(len(data))
	if ev.Size == 0 {
		ev.Size = ev.LocalSize
	}
	return nil
}

func (h *Handler) evidenceMaxBytes() int64 {
	if h.d.Evidence.MaxBytes > 0 {
		return h.d.Evidence.MaxBytes
	}
	return DefaultEvidenceMaxBytes
}

func evidenceTooLarge(size, max int64) *Problem {
	if size < 0 {
		return problem(
			fmt.Sprintf("文件太大，佐证材料每件最大 %s（配置项 evidence.max_mb），没有保存。可以压缩后重新发送。", report.SizeText(max)),
			fmt.Sprintf("The file is too large: evidence may be at most %s a piece (config evidence.max_mb). Nothing was saved; compress it and send it again.", report.SizeText(max)))
	}
	return problem(
		fmt.Sprintf("文件太大（%s），佐证材料每件最大 %s（配置项 evidence.max_mb），没有保存。可以压缩后重新发送。", report.SizeText(size), report.SizeText(max)),
		fmt.Sprintf("The file is too large (%s): evidence may be at most %s a piece (config evidence.max_mb). Nothing was saved; compress it and send it again.", report.SizeText(size), report.SizeText(max)))
}

func evidenceQuotaFull(quota int64) *Problem {
	return problem(
		fmt.Sprintf("佐证材料的存储空间已满（上限 %s，配置项 evidence.quota_gb），这份材料没有保存。请联系管理员。", report.SizeText(quota)),
		fmt.Sprintf("The evidence storage is full (%s, config evidence.quota_gb): this piece was not saved. Please tell an admin.", report.SizeText(quota)))
}

// evidence answers /evidence N [序号]: the item's evidence listed, and the
// newest pieces (or the one asked for) sent back by their file ids. As the
// caption of a file, or in reply to a message with one, /evidence N
// [说明] attaches that file to N instead.
func (h *Handler) evidence(ctx context.Context, r *request) error {
	att, replied := r.m.Attachment, false
	if att == nil && r.m.ReplyTo != nil && r.m.ReplyTo.Attachment != nil {
		att, replied = r.m.ReplyTo.Attachment, true
	}
	n, rest, err := parseNumberArg(r.args, "/evidence 12", "/evidence 12")
	if err != nil {
		return err
	}
	if att != nil {
		if rest == "" && replied {
			rest = r.m.ReplyTo.Text // the replied-to file's caption
		}
		return h.addEvidence(ctx, r, n, att, rest)
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	list, err := h.d.Store.Evidence(ctx, n)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return notFound(n)
	} else if err != nil {
		return err
	}
	if rest != "" {
		k, ok := evidenceIndex(rest)
		if !ok || k < 1 || k > len(list) {
			return problem(fmt.Sprintf("#%d 共有%d件佐证材料，请写序号1到%d，例如：/evidence %d 1", n, len(list), max(len(list), 1), n),
				fmt.Sprintf("#%d has %d pieces of evidence: give a number from 1 to %d, e.g. /evidence %d 1", n, len(list), max(len(list), 1), n))
		}
		h.sendEvidence(ctx, r, list[k-1:k], len(list))
		return nil
	}
	send := list[max(0, len(list)-evidenceSent):]
	h.reply(ctx, r, report.EvidenceList(it, list, len(send), h.d.Loc, r.lang))
	h.sendEvidence(ctx, r, send, len(list))
	return nil
}

// evidenceIndex reads the place of a piece: "3", "第3件".
func evidenceIndex(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "第"), "件")
	rs := fold(s)
	if len(rs) == 0 || len(rs) > 6 {
		return 0, false
	}
	k, err := strconv.Atoi(string(rs))
	return k, err == nil
}

// sendEvidence sends the pieces back by their file ids, each with its
// caption; what could not be sent is said once at the end.
func (h *Handler) sendEvidence(ctx context.Context, r *request, list []duban.Evidence, total int) {
	failed := 0
	for _, ev := range list {
		out := duban.Outgoing{ChatID: r.m.ChatID, Text: report.EvidenceCaption(ev, total, h.d.Loc, r.lang),
			Remote: &duban.RemoteFile{Kind: ev.Kind, FileID: ev.FileID, Name: report.EvidenceWhat(ev, r.lang)}}
		if r.m.IsGroup() && r.m.Callback == nil {
			out.ReplyTo = r.m.MessageID
		}
		if _, err := h.d.Sender.Send(ctx, out); err != nil {
			failed++
			h.d.Logger.WarnContext(ctx, "send evidence", "err", err, "chat", r.m.ChatID, "item", ev.ItemNumber, "evidence", ev.ID)
			if ctx.Err() != nil {
				return
			}
		}
	}
	if failed > 0 {
		h.reply(ctx, r, report.Tr(r.lang,
			fmt.Sprintf("有%d件佐证材料未能发送，请稍后再试。", failed),
			fmt.Sprintf("%d pieces of evidence could not be sent; please try again later.", failed)))
	}
}

// evidenceRef reads the item a file's caption names and returns its
// number (digits, as written or read from Chinese numerals) and the rest
// of the caption: an item reference at the start ("#12 …", "第12项 …",
// "12号任务 …"; see findItemRef), "12号" followed by a space or a mark
// ("12号 验收报告", not "3号楼"), or a single "#12" anywhere ("整改照片 #12").
func evidenceRef(text string) (number, rest string, ok bool) {
	rs := fold(text)
	orig := []rune(text)
	if len(orig) != len(rs) { // fold keeps one rune for one; never otherwise
		return "", "", false
	}
	trim := func(r []rune) string { return strings.Trim(string(r), " \t\n:：,，、-—.。") }
	if ref, ok := findItemRef(rs); ok && ref.strong {
		return ref.number, trim(orig[ref.end:]), true
	}
	i := 0
	for i < len(rs) && unicode.IsSpace(rs[i]) {
		i++
	}
	j := i
	for j < len(rs) && j-i < 40 && rs[j] >= '0' && rs[j] <= '9' {
		j++
	}
	if j > i && j < len(rs) && rs[j] == '号' && (j+1 == len(rs) || unicode.IsSpace(rs[j+1]) || unicode.IsPunct(rs[j+1])) {
		return string(rs[i:j]), trim(orig[j+1:]), true
	}
	// One "#N" anywhere: several are ambiguous.
	var found string
	start, end := -1, -1
	for k := 0; k < len(rs); k++ {
		if rs[k] != '#' {
			continue
		}
		e := k + 1
		for e < len(rs) && e-k <= 40 && rs[e] >= '0' && rs[e] <= '9' {
			e++
		}
		if e == k+1 {
			continue
		}
		n := strings.TrimLeft(string(rs[k+1:e]), "0")
		if n == "" {
			n = "0"
		}
		if found != "" && n != found {
			return "", "", false
		}
		if found == "" {
			found, start, end = n, k, e
		}
		k = e - 1
	}
	if found == "" {
		return "", "", false
	}
	return string(rs[start+1 : end]), trim(append(append([]rune{}, orig[:start]...), orig[end:]...)), true
}
