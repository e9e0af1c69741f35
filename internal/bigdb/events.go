package bigdb

import (
	"container/heap"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// The actors of the generated history besides the units' reporters.
const (
	adminID   = 1
	adminName = "办公室管理员"
)

var closeTexts = []string{"已全面完成，", "任务已完成，", "已通过验收，", "各项工作已落实到位，"}

var evidenceCaptions = []string{"整改前后照片", "验收报告", "会议纪要", "工作方案（正式印发）", "现场检查照片", "统计报表"}

// reporter is who reports for a task's unit: one of two people.
func (h *history) reporter(x *hitem) (int64, string) {
	id := x.users[h.r.IntN(len(x.users))]
	return int64(id), names[id%len(names)]
}

func snapshot(it duban.Item) duban.ItemSnapshot { return duban.SnapshotOf(it) }

// apply plays one event.
func (h *history) apply(ctx context.Context, e event) error {
	if e.kind == evImport {
		return h.importPlan(ctx, e)
	}
	x := h.items[e.item]
	it := &x.it
	at := e.at.UTC()
	admin := actor{adminID, adminName}
	switch e.kind {
	case evAdd:
		x.live = true
		h.enter(e.item)
		return h.w.audit(ctx, at, admin, duban.ChangeAdd, it.ID, "", nil, snapshot(*it))
	case evMilestone:
		if !h.open(e.item) || it.Milestones[e.arg].Done {
			return nil
		}
		before := snapshot(*it)
		before.Milestones = cloneMilestones(it.Milestones)
		it.Milestones[e.arg].Done, it.Milestones[e.arg].DoneAt = true, at
		it.UpdatedAt = at
		return h.w.audit(ctx, at, admin, duban.ChangeEdit, it.ID, "", before, snapshot(*it))
	case evExtendAsk:
		if !h.open(e.item) {
			return nil
		}
		h.extID++
		asked := it.Deadline.AddDays(30 + h.r.IntN(31))
		words := fmt.Sprintf("%d月%d日前", int(asked.Month), asked.Day)
		late := it.Deadline.Before(duban.DateOf(e.at.In(Shanghai)))
		uid, name := h.reporter(x)
		reason := h.pick([]string{"受天气影响，施工进度滞后", "资金尚未拨付到位", "需等待上级审批", "涉及学校较多，排查工作量大"})
		if err := h.w.exec(ctx, stExtension, h.extID, it.ID, ChatID, uid, name, asked.String(), words, reason,
			it.Deadline.String(), late, at.UnixMilli()); err != nil {
			return err
		}
		h.asked[int(h.extID)] = duban.Extension{Deadline: asked, DeadlineText: words}
		h.push(&h.events, event{at: e.at.Add(days(1 + h.r.IntN(3))), kind: evExtendDecide, item: e.item, arg: int(h.extID)})
		type request struct {
			Deadline string `json:"deadline"`
			Words    string `json:"words,omitempty"`
			Reason   string `json:"reason,omitempty"`
			Late     bool   `json:"late,omitempty"`
		}
		return h.w.audit(ctx, at, actor{uid, name}, duban.ChangeExtendAsk, it.ID, fmt.Sprint(h.extID), nil,
			request{asked.String(), words, reason, late})
	case evExtendDecide:
		if !x.live {
			return nil // deleted meanwhile: the request stays pending
		}
		if h.r.IntN(4) == 0 {
			if err := h.w.exec(ctx, stDecide, "refused", adminID, at.UnixMilli(), e.arg); err != nil {
				return err
			}
			return h.w.audit(ctx, at, admin, duban.ChangeExtendRefuse, it.ID, fmt.Sprint(e.arg), nil, nil)
		}
		if err := h.w.exec(ctx, stDecide, "approved", adminID, at.UnixMilli(), e.arg); err != nil {
			return err
		}
		req := h.asked[e.arg]
		d := req.Deadline
		before := snapshot(*it)
		it.MoveDeadline(d, req.DeadlineText)
		it.UpdatedAt = at
		if h.open(e.item) && !x.closeAt.IsZero() { // the work now ends by the new deadline
			x.closeAt = h.office(d.AddDays(-h.r.IntN(20)))
			x.horizon = x.closeAt
			h.push(&h.closes, event{at: x.closeAt, kind: evClose, item: e.item})
		}
		return h.w.audit(ctx, at, admin, duban.ChangeExtend, it.ID, fmt.Sprint(e.arg), before, snapshot(*it))
	case evEdit:
		if !x.live {
			return nil
		}
		before := snapshot(*it)
		it.Target, it.UpdatedAt = h.pick(targets), at
		return h.w.audit(ctx, at, admin, duban.ChangeEdit, it.ID, "", before, snapshot(*it))
	case evCancel:
		if !h.open(e.item) {
			return nil
		}
		before := snapshot(*it)
		it.Status, it.UpdatedAt = duban.StatusCancelled, at
		h.leave(e.item)
		return h.w.audit(ctx, at, admin, duban.ChangeEdit, it.ID, "", before, snapshot(*it))
	case evDelete:
		if !x.live {
			return nil
		}
		x.live = false
		h.leave(e.item)
		it.UpdatedAt = at
		return h.w.audit(ctx, at, admin, duban.ChangeDelete, it.ID, "", snapshot(*it), nil)
	case evEvidence:
		if !x.live {
			return nil
		}
		h.evID++
		uid, name := h.reporter(x)
		caption := h.pick(evidenceCaptions)
		kind, file, mime := "photo", "", "image/jpeg"
		if h.r.IntN(3) == 0 {
			kind, file, mime = "document", caption+".pdf", "application/pdf"
		}
		if err := h.w.exec(ctx, stEvidence, h.evID, it.ID, kind, fmt.Sprintf("BQACAgUAAxkBAAI%07d", h.evID),
			fmt.Sprintf("AgAD%07d", h.evID), file, 100_000+h.r.IntN(2_000_000), mime, caption, ChatID, 50_000+h.evID,
			uid, name, 5_000_000+h.evID, at.UnixMilli()); err != nil {
			return err
		}
		before := snapshot(*it)
		after := before
		after.Evidence = caption
		return h.w.audit(ctx, at, actor{uid, name}, duban.ChangeEvidence, it.ID, kind, before, after)
	}
	return fmt.Errorf("unknown event %d", e.kind)
}

func cloneMilestones(ms []duban.Milestone) []duban.Milestone {
	return append([]duban.Milestone(nil), ms...)
}

// importPlan writes plan e.item and the import of its items.
func (h *history) importPlan(ctx context.Context, e event) error {
	year := h.spec.Today.In(Shanghai).Year()
	name := fmt.Sprintf("%d年某县%s", year, planKinds[(e.item-1)%len(planKinds)])
	if e.item > len(planKinds) {
		name += fmt.Sprintf("（第%d批）", (e.item-1)/len(planKinds)+1)
	}
	at := e.at.UTC()
	if err := h.w.exec(ctx, stPlan, e.item, name, year, at.UnixMilli()); err != nil {
		return err
	}
	for i, x := range h.items {
		if x.it.PlanID != int64(e.item) || !x.it.CreatedAt.Equal(at) {
			continue
		}
		x.live = true
		if x.it.Kind == duban.KindTask {
			h.enter(i)
		}
		if err := h.w.audit(ctx, at, actor{adminID, adminName}, duban.ChangeImport, x.it.ID, name, nil, snapshot(x.it)); err != nil {
			return err
		}
	}
	return nil
}

var planKinds = []string{"教育工作要点", "教育督导工作计划", "校园安全专项整治工作方案", "教师队伍建设工作计划"}

// report writes the report made at at: the closing of a task whose work
// is complete, else a report on an open task, its unit willing.
func (h *history) report(ctx context.Context, at time.Time) error {
	i := -1
	closing := false
	for h.closes.Len() > 0 && !h.closes[0].at.After(at) {
		c := heap.Pop(&h.closes).(event)
		if h.open(c.item) && c.at.Equal(h.items[c.item].closeAt) {
			i, closing = c.item, true
			break
		}
	}
	for i < 0 {
		if len(h.active) == 0 {
			return fmt.Errorf("no open task to report on at %s", at)
		}
		k := h.active[h.r.IntN(len(h.active))]
		if h.r.Float64() < h.items[k].weight {
			i = k
		}
	}
	x := h.items[i]
	it := &x.it
	at = at.UTC()
	p := duban.Progress{Percent: duban.NoPercent, Done: closing}
	if closing {
		p.Text = h.pick(closeTexts) + h.pick(topics) + h.pick(reportMiddles) + "。"
	} else {
		p.Text = h.pick(reportLeads) + h.pick(topics) + h.pick(reportMiddles) + h.pick(reportTails)
		if h.r.IntN(2) == 0 {
			frac := float64(at.Sub(it.CreatedAt)) / float64(x.horizon.Sub(it.CreatedAt))
			if pct := max(min(int(frac*10)*10, 90), it.Percent); pct > 0 {
				p.Percent = pct
			}
		}
	}
	// As store.AddProgress records it.
	before := snapshot(*it)
	it.ApplyReport(p)
	it.LastReportAt, it.UpdatedAt = at, at
	if it.Status == duban.StatusDone && it.DoneAt.IsZero() {
		it.DoneAt = at
	}
	if closing {
		h.leave(i)
	}
	h.reportID++
	uid, name := h.reporter(x)
	var percent any
	if p.Percent != duban.NoPercent {
		percent = p.Percent
	}
	if err := h.w.exec(ctx, stProgress, h.reportID, it.ID, ChatID, uid, name, p.Text, percent, p.Done, h.reportID, at.UnixMilli(),
		before.Status, before.Percent); err != nil {
		return err
	}
	if err := h.w.exec(ctx, stProgressFTS, h.reportID, store.Tokens(p.Text)); err != nil {
		return err
	}
	action := duban.ChangeProgress
	if closing {
		action = duban.ChangeDone
	}
	after := snapshot(*it)
	after.Report = p.Text
	return h.w.audit(ctx, at, actor{uid, name}, action, it.ID, "", before, after)
}

// finish writes every item in its present state, and the served group
// (ChatID) with a member registered to each unit.
func (h *history) finish(ctx context.Context) error {
	now := h.spec.Today.UTC().UnixMilli()
	if _, err := h.w.tx.ExecContext(ctx, `INSERT INTO chats (id, type, title, served, bound_by, bound_at, updated_at)
		VALUES (?, 'supergroup', '某县教育局工作群', 1, ?, ?, ?)`, ChatID, adminID, h.start.UnixMilli(), now); err != nil {
		return err
	}
	for k, owner := range h.owners {
		if _, err := h.w.tx.ExecContext(ctx, `INSERT INTO members (chat_id, user_id, name, username, department, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, ChatID, 2000+k, names[k%len(names)], fmt.Sprintf("unit%d", k), owner, now); err != nil {
			return err
		}
	}
	for _, x := range h.items {
		it := x.it
		var parent, deleted any
		if it.ParentNumber != 0 {
			parent = it.ParentNumber
		}
		if !x.live {
			deleted = it.UpdatedAt.UnixMilli()
		}
		var ms string
		if len(it.Milestones) > 0 {
			b, err := json.Marshal(it.Milestones)
			if err != nil {
				return err
			}
			ms = string(b)
		}
		if err := h.w.exec(ctx, stItem, it.ID, it.PlanID, it.Number, it.Code, parent, parent, string(it.Kind), it.Title, it.Body,
			it.Owner, strings.Join(it.Partners, "、"), nullable(it.Deadline.String()), it.DeadlineText, it.Target, string(it.Status),
			it.Percent, it.Position, it.CreatedAt.UnixMilli(), it.UpdatedAt.UnixMilli(), milli(it.LastReportAt), deleted,
			nullable(it.Start.String()), nullable(it.OriginalDeadline.String()), it.OriginalDeadlineText, ms, milli(it.DoneAt)); err != nil {
			return err
		}
		if x.live {
			for _, partner := range it.Partners {
				if err := h.w.exec(ctx, stItemPartner, partner, it.ID); err != nil {
					return err
				}
			}
			text := strings.Join([]string{it.Title, it.Body, it.Owner, strings.Join(it.Partners, "、"), it.Target, it.DeadlineText}, " ")
			if err := h.w.exec(ctx, stItemFTS, it.ID, store.Tokens(text)); err != nil {
				return err
			}
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func milli(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// actor is who an audit row names.
type actor struct {
	id   int64
	name string
}

// The statements the writer prepares, by index.
const (
	stPlan = iota
	stItem
	stItemFTS
	stItemPartner
	stProgress
	stProgressFTS
	stAudit
	stExtension
	stDecide
	stEvidence
)

var writerStatements = []string{
	stPlan: `INSERT INTO plans (id, name, year, source, created_at) VALUES (?, ?, ?, 'bigdb', ?)`,
	stItem: `INSERT INTO items (id, plan_id, number, code, parent_id, top_id, kind, title, body, owner, partners, deadline,
		deadline_text, target, status, percent, position, created_at, updated_at, last_report_at, deleted_at,
		start, original_deadline, original_deadline_text, milestones, done_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	stItemFTS:     `INSERT INTO items_fts (docid, tokens) VALUES (?, ?)`,
	stItemPartner: `INSERT OR IGNORE INTO item_partners (name, item_id) VALUES (?, ?)`,
	stProgress: `INSERT INTO progress (id, item_id, chat_id, user_id, user_name, text, percent, done, update_id, created_at,
		before_status, before_percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	stProgressFTS: `INSERT INTO progress_fts (docid, tokens) VALUES (?, ?)`,
	stAudit: `INSERT INTO audit (at, user_id, user_name, chat_id, via, action, item_id, subject, before, after)
		VALUES (?, ?, ?, ?, 'telegram', ?, ?, ?, ?, ?)`,
	stExtension: `INSERT INTO extensions (id, item_id, chat_id, user_id, user_name, deadline, deadline_text, reason,
		old_deadline, late, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	stDecide: `UPDATE extensions SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
	stEvidence: `INSERT INTO evidence (id, item_id, kind, file_id, unique_id, name, size, mime, caption, chat_id, message_id,
		user_id, user_name, update_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
}

// writer writes rows in large transactions with prepared statements.
type writer struct {
	db    *sql.DB
	tx    *sql.Tx
	stmts []*sql.Stmt
	n     int
}

func newWriter(ctx context.Context, db *sql.DB) (*writer, error) {
	w := &writer{db: db}
	return w, w.begin(ctx)
}

func (w *writer) begin(ctx context.Context) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	w.tx, w.stmts = tx, make([]*sql.Stmt, len(writerStatements))
	for k, q := range writerStatements {
		if w.stmts[k], err = tx.PrepareContext(ctx, q); err != nil {
			tx.Rollback()
			return fmt.Errorf("prepare %q: %w", q, err)
		}
	}
	return nil
}

// exec runs statement k, committing every 50,000 rows.
func (w *writer) exec(ctx context.Context, k int, args ...any) error {
	if _, err := w.stmts[k].ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("write %q: %w", writerStatements[k], err)
	}
	if w.n++; w.n%50_000 == 0 {
		if err := w.tx.Commit(); err != nil {
			return err
		}
		return w.begin(ctx)
	}
	return nil
}

// audit writes an audit row as the store does: before and after as JSON,
// nil as NULL.
func (w *writer) audit(ctx context.Context, at time.Time, a actor, action string, itemID int64, subject string, before, after any) error {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	af, err := enc(after)
	if err != nil {
		return err
	}
	return w.exec(ctx, stAudit, at.UnixMilli(), a.id, a.name, ChatID, action, itemID, subject, b, af)
}

func (w *writer) abort() { w.tx.Rollback() }

func (w *writer) close() error { return w.tx.Commit() }
