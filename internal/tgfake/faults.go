package tgfake

import (
	"math"
	"strconv"
	"time"
)

// Fault makes the fake answer matching requests with an error instead of
// serving them.
type Fault struct {
	// Method restricts the fault to one API method; "" matches the sending
	// methods (sendMessage, sendDocument, edits and sendChatAction).
	Method string
	// ChatID restricts the fault to one chat; 0 matches every chat.
	ChatID int64
	// Code is the HTTP and error code: 429, 500, 502, 403, 400…
	Code int
	// Description is Telegram's text; a usual one is used when empty.
	Description string
	// RetryAfter is the 429 answer's parameters.retry_after in seconds.
	RetryAfter int
	// MigrateTo is the 400 answer's parameters.migrate_to_chat_id.
	MigrateTo int64
	// Times is how many requests fail; 0 means every request until cleared.
	Times int

	hits int
}

// TooManyRequests answers 429 with retry_after for chat (0: any chat),
// times times (0: until cleared).
func TooManyRequests(chat int64, retryAfter, times int) Fault {
	return Fault{ChatID: chat, Code: 429, RetryAfter: retryAfter, Times: times}
}

// ServerError answers 500 for chat, times times.
func ServerError(chat int64, times int) Fault {
	return Fault{ChatID: chat, Code: 500, Times: times}
}

// Kicked answers 403 "bot was kicked" for every send to chat.
func Kicked(chat int64) Fault {
	return Fault{ChatID: chat, Code: 403, Description: "Forbidden: bot was kicked from the group chat"}
}

// Migrated answers 400 with migrate_to_chat_id for every send to the old
// id of a group that became a supergroup.
func Migrated(old, new int64) Fault {
	return Fault{ChatID: old, Code: 400, MigrateTo: new, Description: "Bad Request: group chat was upgraded to a supergroup chat"}
}

// Inject adds a fault; faults are tried in the order they were added.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

var sendMethods = map[string]bool{
	"sendMessage": true, "sendDocument": true, "editMessageText": true,
	"editMessageReplyMarkup": true, "sendChatAction": true,
}

func (s *Server) checkFault(method string, chat int64) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkFaultLocked(method, chat)
}

func (s *Server) checkFaultLocked(method string, chat int64) *apiError {
	for i, f := range s.faults {
		if f.Method == "" && !sendMethods[method] || f.Method != "" && f.Method != method {
			continue
		}
		if f.ChatID != 0 && f.ChatID != chat {
			continue
		}
		f.hits++
		if f.Times > 0 && f.hits >= f.Times {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		e := apiError{Code: f.Code, Description: f.Description, RetryAfter: f.RetryAfter, MigrateTo: f.MigrateTo}
		if e.Description == "" {
			e.Description = describe(f.Code, f.RetryAfter)
		}
		if f.Code == 429 {
			s.stats.TooMany++
			s.stats.Injected++
		} else {
			s.stats.Injected++
		}
		s.notifyLocked()
		return &e
	}
	return nil
}

func describe(code, retryAfter int) string {
	switch {
	case code == 429:
		return "Too Many Requests: retry after " + strconv.Itoa(retryAfter)
	case code == 403:
		return "Forbidden: bot was kicked from the group chat"
	case code == 400:
		return "Bad Request"
	case code >= 500:
		return "Internal Server Error"
	}
	return "Error"
}

// Limits are rate limits the fake enforces on sends the way Telegram does:
// a send over a limit is refused with 429 and a retry_after that is long
// enough for the window to have room again.
type Limits struct {
	// PerSecond bounds sends over all chats in any one-second window; 0 is
	// unlimited. Telegram allows about 30.
	PerSecond int
	// PerChatMinute bounds sends to one chat in any one-minute window; 0 is
	// unlimited. Telegram allows about 20 in a group.
	PerChatMinute int
}

// SetLimits switches rate limiting on (or off with the zero Limits).
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
}

// Stats counts what the fake answered to sends.
type Stats struct {
	Accepted    int // sends recorded
	TooMany     int // 429 answers, injected or enforced
	RateLimited int // 429 answers of the enforced limits
	Injected    int // answers from injected faults
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

type acceptance struct {
	chat int64
	at   time.Time
}

// AcceptedAt returns the times of the accepted sends to chat, or of all
// accepted sends when chat is 0, so that tests can check pacing.
func (s *Server) AcceptedAt(chat int64) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Time
	for _, a := range s.accepted {
		if chat == 0 || a.chat == chat {
			out = append(out, a.at)
		}
	}
	return out
}

// checkLimitsLocked refuses a send at now that would exceed a limit.
func (s *Server) checkLimitsLocked(chat int64, now time.Time) *apiError {
	l := s.limits
	wait := time.Duration(0)
	if l.PerSecond > 0 {
		if w := windowWait(s.accepted, 0, l.PerSecond, time.Second, now); w > wait {
			wait = w
		}
	}
	if l.PerChatMinute > 0 {
		if w := windowWait(s.accepted, chat, l.PerChatMinute, time.Minute, now); w > wait {
			wait = w
		}
	}
	if wait == 0 {
		return nil
	}
	s.stats.TooMany++
	s.stats.RateLimited++
	s.notifyLocked()
	after := int(math.Ceil(wait.Seconds()))
	return &apiError{Code: 429, RetryAfter: after, Description: describe(429, after)}
}

// windowWait returns how long until a send to chat (0: any) fits in a
// window of length win holding at most n sends, 0 when it fits now.
func windowWait(acc []acceptance, chat int64, n int, win time.Duration, now time.Time) time.Duration {
	from := now.Add(-win)
	count := 0
	var oldest time.Time
	// Walk back from the newest: the accepted list is in time order.
	for i := len(acc) - 1; i >= 0; i-- {
		a := acc[i]
		if !a.at.After(from) {
			break
		}
		if chat != 0 && a.chat != chat {
			continue
		}
		count++
		oldest = a.at
		if count >= n {
			break
		}
	}
	if count < n {
		return 0
	}
	// The n-th newest send must leave the window first.
	return oldest.Add(win).Sub(now)
}
