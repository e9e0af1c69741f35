package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/duban-bot/duban/duban"
)

const chatColumns = `id, type, title, served, bound_by, bound_at, paused, settings`

func scanChat(row scanner) (duban.Chat, error) {
	var (
		c        duban.Chat
		boundAt  sql.NullInt64
		settings string
	)
	if err := row.Scan(&c.ID, &c.Type, &c.Title, &c.Served, &c.BoundBy, &boundAt, &c.Paused, &settings); err != nil {
		return c, err
	}
	c.BoundAt = fromMilli(boundAt)
	if err := json.Unmarshal([]byte(settings), &c.Settings); err != nil {
		return c, fmt.Errorf("chat %d settings: %w", c.ID, err)
	}
	return c, nil
}

// Chat returns the chat with that id.
func (s *Store) Chat(ctx context.Context, id int64) (duban.Chat, error) {
	var c duban.Chat
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanChat(tx.QueryRowContext(ctx, `SELECT `+chatColumns+` FROM chats WHERE id = ?`, id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return c, duban.Errorf(duban.ENOTFOUND, "chat %d not found", id)
	} else if err != nil {
		return c, fmt.Errorf("load chat %d: %w", id, err)
	}
	return c, nil
}

// SeeChat records a chat the bot got a message from, refreshing its type
// and title; it never changes whether the chat is served. A person's
// private chat that was paused (they had blocked the bot) opens again:
// they wrote to it.
func (s *Store) SeeChat(ctx context.Context, id int64, typ, title string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO chats (id, type, title, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET type = excluded.type, title = excluded.title, updated_at = excluded.updated_at,
				paused = CASE WHEN excluded.type = 'private' THEN 0 ELSE paused END
			WHERE type IS NOT excluded.type OR title IS NOT excluded.title OR (excluded.type = 'private' AND paused)`, id, typ, title, s.nowMilli())
		if err != nil {
			return fmt.Errorf("record chat %d: %w", id, err)
		}
		return nil
	})
}

// BindChat starts (served = true) or stops serving a chat; by is the admin
// who asked. Binding also resumes a paused chat.
func (s *Store) BindChat(ctx context.Context, id int64, served bool, by int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := chatStateOf(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("bind chat %d: %w", id, err)
		}
		now := s.nowMilli()
		_, err = tx.ExecContext(ctx, `INSERT INTO chats (id, served, bound_by, bound_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET served = excluded.served, bound_by = excluded.bound_by,
			bound_at = excluded.bound_at, paused = CASE WHEN excluded.served THEN 0 ELSE paused END,
			updated_at = excluded.updated_at`, id, served, by, now, now)
		if err != nil {
			return fmt.Errorf("bind chat %d: %w", id, err)
		}
		after, err := chatStateOf(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("bind chat %d: %w", id, err)
		}
		action := duban.ChangeBind
		if !served {
			action = duban.ChangeUnbind
		}
		return s.audit(ctx, tx, action, 0, strconv.FormatInt(id, 10), before, after)
	})
}

// PauseChat marks a chat the bot can no longer write to (removed, blocked),
// or clears the mark (the bot was added back).
func (s *Store) PauseChat(ctx context.Context, id int64, paused bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		return s.pauseChat(ctx, tx, id, paused)
	})
}

// ChatGone records that a chat can no longer be written to — the bot was
// removed or blocked, the chat deleted — in one transaction: the chat is
// paused and its pending scheduled messages are dropped. It is the one
// record of it: the interactive reply path and the outbox sender, which
// may each be the first to find out, both call it. It returns how many
// messages were dropped.
func (s *Store) ChatGone(ctx context.Context, id int64, reason string) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.pauseChat(ctx, tx, id, true); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'dropped', last_error = ?, done_at = ?
			WHERE chat_id = ? AND state = 'pending'`, reason, s.nowMilli(), id)
		if err != nil {
			return fmt.Errorf("drop outbox of chat %d: %w", id, err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

func (s *Store) pauseChat(ctx context.Context, tx *sql.Tx, id int64, paused bool) error {
	before, err := chatStateOf(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("pause chat %d: %w", id, err)
	}
	if before != nil && before.Paused == paused {
		return nil // nothing changes, nothing to record
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO chats (id, paused, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at`, id, paused, s.nowMilli())
	if err != nil {
		return fmt.Errorf("pause chat %d: %w", id, err)
	}
	after, err := chatStateOf(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("pause chat %d: %w", id, err)
	}
	return s.audit(ctx, tx, duban.ChangePause, 0, strconv.FormatInt(id, 10), before, after)
}

// SetChatSettings saves a chat's schedule settings.
func (s *Store) SetChatSettings(ctx context.Context, id int64, set duban.ChatSettings) error {
	data, err := json.Marshal(set)
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var before sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT settings FROM chats WHERE id = ?`, id).Scan(&before); err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("save settings of chat %d: %w", id, err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO chats (id, settings, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`, id, string(data), s.nowMilli())
		if err != nil {
			return fmt.Errorf("save settings of chat %d: %w", id, err)
		}
		var old any
		if before.Valid {
			old = json.RawMessage(before.String)
		}
		return s.audit(ctx, tx, duban.ChangeSettings, 0, strconv.FormatInt(id, 10), old, json.RawMessage(data))
	})
}

// ServedChats returns the groups the bot serves and may write to: bound ones
// and those listed in config (extra), minus paused ones.
func (s *Store) ServedChats(ctx context.Context, extra []int64) ([]duban.Chat, error) {
	var chats []duban.Chat
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+chatColumns+` FROM chats WHERE served = 1 AND paused = 0 ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		seen := map[int64]bool{}
		for rows.Next() {
			c, err := scanChat(rows)
			if err != nil {
				return err
			}
			seen[c.ID] = true
			chats = append(chats, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range extra {
			if seen[id] {
				continue
			}
			c, err := scanChat(tx.QueryRowContext(ctx, `SELECT `+chatColumns+` FROM chats WHERE id = ?`, id))
			if errors.Is(err, sql.ErrNoRows) {
				c, err = duban.Chat{ID: id, Type: duban.ChatSupergroup}, nil
			}
			if err != nil {
				return err
			}
			if c.Paused {
				continue
			}
			c.Served = true
			chats = append(chats, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load served chats: %w", err)
	}
	return chats, nil
}

// MigrateChat moves everything known of chat old to its new id, when a
// group became a supergroup: its binding, settings, members, pending
// scheduled messages and done periods, in one transaction (so a reminder is
// neither lost nor sent twice across the move).
func (s *Store) MigrateChat(ctx context.Context, old, new int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := moveOutbox(ctx, tx, old, new); err != nil {
			return fmt.Errorf("migrate outbox: %w", err)
		}
		var known int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM chats WHERE id = ?1) + (SELECT COUNT(*) FROM members WHERE chat_id = ?1)`, old).Scan(&known); err != nil {
			return fmt.Errorf("migrate chat: %w", err)
		}
		if known == 0 {
			return nil // nothing of the old id (or the migration was applied already)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chats WHERE id = ?`, new).Scan(&n); err != nil {
			return fmt.Errorf("migrate chat: %w", err)
		}
		if n > 0 {
			// The new id was seen already: keep its row but carry the binding over.
			// (A second notice of the same migration finds no old row: the
			// COALESCEs keep the new row as it is.)
			if _, err := tx.ExecContext(ctx, `UPDATE chats SET
				served = MAX(served, COALESCE((SELECT served FROM chats WHERE id = ?1), 0)),
				bound_by = CASE WHEN served THEN bound_by ELSE COALESCE((SELECT bound_by FROM chats WHERE id = ?1), bound_by) END,
				bound_at = COALESCE(bound_at, (SELECT bound_at FROM chats WHERE id = ?1)),
				settings = CASE WHEN settings = '{}' THEN COALESCE((SELECT settings FROM chats WHERE id = ?1), '{}') ELSE settings END
				WHERE id = ?2`, old, new); err != nil {
				return fmt.Errorf("migrate chat: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM chats WHERE id = ?`, old); err != nil {
				return fmt.Errorf("migrate chat: %w", err)
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE chats SET id = ?, type = 'supergroup', updated_at = ? WHERE id = ?`,
			new, s.nowMilli(), old); err != nil {
			return fmt.Errorf("migrate chat: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE OR REPLACE members SET chat_id = ? WHERE chat_id = ?`, new, old); err != nil {
			return fmt.Errorf("migrate members: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE OR REPLACE user_chats SET chat_id = ? WHERE chat_id = ?`, new, old); err != nil {
			return fmt.Errorf("migrate members: %w", err)
		}
		return s.audit(ctx, tx, duban.ChangeMigrate, 0, strconv.FormatInt(new, 10), map[string]int64{"chat_id": old}, map[string]int64{"chat_id": new})
	})
}

// SeeUser records a user the bot got a message from. servedGroup marks that
// the user wrote in a served group, which lets them use private chats.
func (s *Store) SeeUser(ctx context.Context, u duban.User, servedGroup bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, name, username, seen_served, last_seen) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, username = excluded.username,
			seen_served = MAX(seen_served, excluded.seen_served), last_seen = excluded.last_seen`,
			u.ID, u.Name, u.Username, servedGroup, s.nowMilli())
		if err != nil {
			return fmt.Errorf("record user %d: %w", u.ID, err)
		}
		return nil
	})
}

// User returns a user the bot has seen.
func (s *Store) User(ctx context.Context, id int64) (duban.User, error) {
	var (
		u    duban.User
		last int64
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id, name, username, seen_served, last_seen FROM users WHERE id = ?`, id).
			Scan(&u.ID, &u.Name, &u.Username, &u.SeenServed, &last)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return u, duban.Errorf(duban.ENOTFOUND, "user %d not found", id)
	} else if err != nil {
		return u, fmt.Errorf("load user %d: %w", id, err)
	}
	u.LastSeen = fromMilli(sql.NullInt64{Int64: last, Valid: true})
	return u, nil
}

// UserByUsername returns the user the bot has seen with that @handle
// (without the @, any case).
func (s *Store) UserByUsername(ctx context.Context, username string) (duban.User, error) {
	var (
		u    duban.User
		last int64
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id, name, username, seen_served, last_seen FROM users
			WHERE username = ? COLLATE NOCASE AND username <> '' ORDER BY last_seen DESC LIMIT 1`, username).
			Scan(&u.ID, &u.Name, &u.Username, &u.SeenServed, &last)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return u, duban.Errorf(duban.ENOTFOUND, "user @%s not found", username)
	} else if err != nil {
		return u, fmt.Errorf("load user @%s: %w", username, err)
	}
	u.LastSeen = fromMilli(sql.NullInt64{Int64: last, Valid: true})
	return u, nil
}

// SetMember registers a user to a department in a chat (/iam); an empty
// department removes the registration.
func (s *Store) SetMember(ctx context.Context, m duban.Member) error {
	m.Department = duban.NormalizeOwner(m.Department)
	if len([]rune(m.Department)) > 50 {
		return duban.Errorf(duban.EINVALID, "department name is longer than 50 characters")
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var before sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT department FROM members WHERE chat_id = ? AND user_id = ?`, m.ChatID, m.UserID).Scan(&before)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("save member: %w", err)
		}
		if m.Department == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM members WHERE chat_id = ? AND user_id = ?`, m.ChatID, m.UserID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO members (chat_id, user_id, name, username, department, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name,
				username = excluded.username, department = excluded.department, updated_at = excluded.updated_at`,
				m.ChatID, m.UserID, m.Name, m.Username, m.Department, s.nowMilli())
		}
		if err != nil {
			return fmt.Errorf("save member: %w", err)
		}
		type dept struct {
			UserID     int64  `json:"user_id"`
			Name       string `json:"name,omitempty"`
			Department string `json:"department"`
		}
		var old, cur any
		if before.Valid {
			old = dept{m.UserID, m.Name, before.String}
		}
		if m.Department != "" {
			cur = dept{m.UserID, m.Name, m.Department}
		}
		return s.audit(ctx, tx, duban.ChangeMember, 0, strconv.FormatInt(m.ChatID, 10), old, cur)
	})
}

// MemberChats lists the chats where someone is registered to a unit
// (/iam), in id order.
func (s *Store) MemberChats(ctx context.Context) ([]int64, error) {
	var out []int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryIDs(ctx, tx, `SELECT DISTINCT chat_id FROM members WHERE department <> '' ORDER BY chat_id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("chats with members: %w", err)
	}
	return out, nil
}

// Members returns the registered members of a chat, by department then name.
func (s *Store) Members(ctx context.Context, chatID int64) ([]duban.Member, error) {
	var out []duban.Member
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT chat_id, user_id, name, username, department, updated_at
			FROM members WHERE chat_id = ? ORDER BY department, name, user_id`, chatID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				m  duban.Member
				at int64
			)
			if err := rows.Scan(&m.ChatID, &m.UserID, &m.Name, &m.Username, &m.Department, &at); err != nil {
				return err
			}
			m.UpdatedAt = fromMilli(sql.NullInt64{Int64: at, Valid: true})
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load members of chat %d: %w", chatID, err)
	}
	return out, nil
}

// MembersOf returns the chat's members registered to owner.
func (s *Store) MembersOf(ctx context.Context, chatID int64, owner string) ([]duban.Member, error) {
	all, err := s.Members(ctx, chatID)
	if err != nil {
		return nil, err
	}
	var out []duban.Member
	for _, m := range all {
		if duban.UnitMatch(m.Department, owner) {
			out = append(out, m)
		}
	}
	return out, nil
}

// MemberUnits returns the units a user registered to (/iam), in any chat.
func (s *Store) MemberUnits(ctx context.Context, userID int64) ([]string, error) {
	var out []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT department FROM members WHERE user_id = ? ORDER BY department`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load units of user %d: %w", userID, err)
	}
	return out, nil
}
