package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// Granted reports whether a plan admin granted userID plan-admin rights
// with /grant (config admins are not recorded here).
func (s *Store) Granted(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants WHERE user_id = ?`, userID).Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("load grant of %d: %w", userID, err)
	}
	return n > 0, nil
}

// GrantedUsers returns the users granted plan-admin rights, in the order
// they were granted.
func (s *Store) GrantedUsers(ctx context.Context) ([]duban.User, error) {
	var out []duban.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT g.user_id, COALESCE(u.name, ''), COALESCE(u.username, '')
			FROM grants g LEFT JOIN users u ON u.id = g.user_id ORDER BY g.granted_at, g.user_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u duban.User
			if err := rows.Scan(&u.ID, &u.Name, &u.Username); err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load granted users: %w", err)
	}
	return out, nil
}

// SetGrant grants (on) or revokes plan-admin rights of userID, recorded in
// the audit trail with the actor in ctx. It reports whether anything
// changed.
func (s *Store) SetGrant(ctx context.Context, userID int64, on bool) (bool, error) {
	changed := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		action := duban.ChangeGrant
		if on {
			res, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO grants (user_id, granted_by, granted_at) VALUES (?, ?, ?)`,
				userID, duban.ActorFrom(ctx).UserID, s.nowMilli())
		} else {
			action = duban.ChangeRevoke
			res, err = tx.ExecContext(ctx, `DELETE FROM grants WHERE user_id = ?`, userID)
		}
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		changed = true
		type grant struct {
			UserID int64 `json:"user_id"`
			Admin  bool  `json:"plan_admin"`
		}
		return s.audit(ctx, tx, action, 0, strconv.FormatInt(userID, 10), grant{userID, !on}, grant{userID, on})
	})
	if err != nil {
		return false, fmt.Errorf("save grant of %d: %w", userID, err)
	}
	return changed, nil
}

// SeeUserInChat records that a user wrote in a served group: while they
// stay in it, they may use the bot in a private chat.
func (s *Store) SeeUserInChat(ctx context.Context, userID, chatID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_chats (user_id, chat_id, seen_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, chat_id) DO UPDATE SET seen_at = excluded.seen_at`, userID, chatID, s.nowMilli())
		if err != nil {
			return fmt.Errorf("record user %d in chat %d: %w", userID, chatID, err)
		}
		return nil
	})
}

// ForgetUserInChat records that a user left or was removed from a chat.
func (s *Store) ForgetUserInChat(ctx context.Context, userID, chatID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_chats WHERE user_id = ? AND chat_id = ?`, userID, chatID); err != nil {
			return fmt.Errorf("forget user %d in chat %d: %w", userID, chatID, err)
		}
		return nil
	})
}

// UserChats returns the groups a user was seen writing in, most recent
// first.
func (s *Store) UserChats(ctx context.Context, userID int64) ([]int64, error) {
	var out []int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryIDs(ctx, tx, `SELECT chat_id FROM user_chats WHERE user_id = ? ORDER BY seen_at DESC LIMIT 50`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load chats of user %d: %w", userID, err)
	}
	return out, nil
}

// StartUpdate records that an inbox update is taken in hand and returns
// how many times it has been, this time included. An update still pending
// after being taken in hand was cut off by a crash.
func (s *Store) StartUpdate(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ? RETURNING attempts`, id).Scan(&n)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, duban.Errorf(duban.ENOTFOUND, "update %d is not in the inbox", id)
	} else if err != nil {
		return 0, fmt.Errorf("start update %d: %w", id, err)
	}
	return n, nil
}

// scopeClause returns the condition (" AND …", over the items alias i) that
// limits item reads to the scope in ctx, "" when there is none. The names
// come from the configuration, not from users; they are quoted as SQL
// string literals so that the clause can join queries whatever their
// parameter style.
func scopeClause(ctx context.Context) string {
	sc := duban.ScopeFrom(ctx)
	if sc.Empty() {
		return ""
	}
	var b strings.Builder
	if len(sc.Plans) > 0 {
		b.WriteString(` AND i.plan_id IN (SELECT id FROM plans WHERE name IN (`)
		for k, p := range sc.Plans {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quote(p))
		}
		b.WriteString(`))`)
	}
	if len(sc.Units) > 0 {
		b.WriteString(` AND (i.kind = 'section'`)
		for _, u := range sc.Units {
			q := quote(u)
			fmt.Fprintf(&b, ` OR instr(i.owner, %[1]s) > 0 OR (i.owner <> '' AND instr(%[1]s, i.owner) > 0) OR instr(i.partners, %[1]s) > 0`, q)
		}
		b.WriteString(`)`)
	}
	return b.String()
}

// quote returns s as an SQL string literal.
func quote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", ""), "'", "''") + "'"
}
