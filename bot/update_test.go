package bot

import (
	"encoding/json"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

func TestToMessage(t *testing.T) {
	const botID = tgfake.BotID
	group := tgfake.Group(-1001234567890, "城关镇中心校")
	user := models.User{ID: 42, FirstName: "张", LastName: "三", Username: "zhangsan"}
	botUser := models.User{ID: botID, IsBot: true, Username: tgfake.BotUsername}
	doc := &models.Document{FileID: "f1", FileUniqueID: "u1", FileName: "工作要点.docx", FileSize: 2048, MimeType: "application/msword"}
	docAtt := &duban.Attachment{Kind: duban.AttachDocument, FileID: "f1", UniqueID: "u1", Name: "工作要点.docx", Size: 2048, MimeType: "application/msword"}
	// Telegram sends a photo in several sizes; the largest is kept.
	sizes := []models.PhotoSize{
		{FileID: "p-s", FileUniqueID: "ps", Width: 90, Height: 67, FileSize: 1200},
		{FileID: "p-l", FileUniqueID: "pl", Width: 1280, Height: 960, FileSize: 181000},
		{FileID: "p-m", FileUniqueID: "pm", Width: 320, Height: 240, FileSize: 15000},
	}
	photoAtt := &duban.Attachment{Kind: duban.AttachPhoto, FileID: "p-l", UniqueID: "pl", Size: 181000, MimeType: "image/jpeg"}
	tests := []struct {
		name string
		upd  models.Update
		ok   bool
		want duban.Message
	}{
		{
			name: "text",
			upd:  models.Update{ID: 7, Message: &models.Message{ID: 3, Chat: group, From: &user, Date: 1700000000, Text: "/due@duban_test_bot"}},
			ok:   true,
			want: duban.Message{UpdateID: 7, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 3,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "/due@duban_test_bot"},
		},
		{
			name: "document with caption",
			upd:  models.Update{ID: 8, Message: &models.Message{ID: 4, Chat: group, From: &user, Caption: "/import", Document: doc}},
			ok:   true,
			want: duban.Message{UpdateID: 8, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 4,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "/import",
				Document:   &duban.Document{FileID: "f1", FileName: "工作要点.docx", Size: 2048, MimeType: "application/msword"},
				Attachment: docAtt},
		},
		{
			name: "photo with caption",
			upd:  models.Update{ID: 19, Message: &models.Message{ID: 7, Chat: group, From: &user, Caption: "#12 整改前后照片", Photo: sizes, MediaGroupID: "g1"}},
			ok:   true,
			want: duban.Message{UpdateID: 19, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 7,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "#12 整改前后照片",
				Attachment: &duban.Attachment{Kind: duban.AttachPhoto, FileID: "p-l", UniqueID: "pl", Size: 181000, MimeType: "image/jpeg", Album: "g1"}},
		},
		{
			name: "photo without caption, replying to the bot",
			upd: models.Update{ID: 20, Message: &models.Message{ID: 8, Chat: group, From: &user, Photo: sizes,
				ReplyToMessage: &models.Message{ID: 2, From: &botUser, Chat: group, Text: "#12 已记录"}}},
			ok: true,
			want: duban.Message{UpdateID: 20, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 8,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Attachment: photoAtt,
				ReplyTo: &duban.Reply{MessageID: 2, FromBot: true, Text: "#12 已记录", UserID: tgfake.BotID, Username: tgfake.BotUsername}},
		},
		{
			name: "video",
			upd: models.Update{ID: 21, Message: &models.Message{ID: 9, Chat: group, From: &user, Caption: "12号 演练视频",
				Video: &models.Video{FileID: "v1", FileUniqueID: "uv1", FileName: "演练.mp4", MimeType: "video/mp4", FileSize: 5 << 20, Width: 640, Height: 480}}},
			ok: true,
			want: duban.Message{UpdateID: 21, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 9,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "12号 演练视频",
				Attachment: &duban.Attachment{Kind: duban.AttachVideo, FileID: "v1", UniqueID: "uv1", Name: "演练.mp4", Size: 5 << 20, MimeType: "video/mp4"}},
		},
		{
			name: "reply to a photo",
			upd: models.Update{ID: 22, Message: &models.Message{ID: 10, Chat: group, From: &user, Text: "/evidence 12",
				ReplyToMessage: &models.Message{ID: 7, From: &models.User{ID: 99, FirstName: "李"}, Chat: group, Photo: sizes}}},
			ok: true,
			want: duban.Message{UpdateID: 22, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 10,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "/evidence 12",
				ReplyTo: &duban.Reply{MessageID: 7, UserID: 99, UserName: "李", Attachment: photoAtt}},
		},
		{
			name: "reply to the bot, with the replied-to document",
			upd: models.Update{ID: 9, Message: &models.Message{ID: 5, Chat: group, From: &user, Text: "进度60%",
				ReplyToMessage: &models.Message{ID: 2, From: &botUser, Chat: group, Caption: "台账", Document: doc}}},
			ok: true,
			want: duban.Message{UpdateID: 9, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 5,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "进度60%",
				ReplyTo: &duban.Reply{MessageID: 2, FromBot: true, Text: "台账", UserID: tgfake.BotID, Username: tgfake.BotUsername,
					Attachment: docAtt},
				Document: &duban.Document{FileID: "f1", FileName: "工作要点.docx", Size: 2048, MimeType: "application/msword"}},
		},
		{
			name: "reply to a person",
			upd: models.Update{ID: 10, Message: &models.Message{ID: 6, Chat: group, From: &user, Text: "#12 完成",
				ReplyToMessage: &models.Message{ID: 1, From: &models.User{ID: 99}, Chat: group, Text: "hi"}}},
			ok: true,
			want: duban.Message{UpdateID: 10, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 6,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "#12 完成",
				ReplyTo: &duban.Reply{MessageID: 1, Text: "hi", UserID: 99}},
		},
		{
			name: "button press",
			upd: models.Update{ID: 11, CallbackQuery: &models.CallbackQuery{ID: "cb1", From: user, Data: "item:12",
				Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage,
					Message: &models.Message{ID: 20, Chat: group, From: &botUser, Date: 1700000000, Text: "#12 详情"}}}},
			ok: true,
			want: duban.Message{UpdateID: 11, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 20,
				UserID: 42, UserName: "张 三", Username: "zhangsan",
				ReplyTo:  &duban.Reply{MessageID: 20, FromBot: true, Text: "#12 详情"},
				Callback: &duban.Callback{ID: "cb1", Data: "item:12"}},
		},
		{
			name: "private chat",
			upd:  models.Update{ID: 12, Message: &models.Message{ID: 1, Chat: tgfake.Private(user), From: &user, Text: "帮助"}},
			ok:   true,
			want: duban.Message{UpdateID: 12, ChatID: 42, ChatType: "private", ChatTitle: "张 三", MessageID: 1,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "帮助"},
		},
		{name: "sticker", upd: models.Update{ID: 13, Message: &models.Message{ID: 1, Chat: group, From: &user, Sticker: &models.Sticker{FileID: "s"}}}},
		{name: "another bot", upd: models.Update{ID: 14, Message: &models.Message{ID: 1, Chat: group, From: &models.User{ID: 5, IsBot: true}, Text: "/due"}}},
		{
			name: "edited message",
			upd:  models.Update{ID: 15, EditedMessage: &models.Message{ID: 7, Chat: group, From: &user, Text: "#12 进度70%"}},
			ok:   true,
			want: duban.Message{UpdateID: 15, ChatID: group.ID, ChatType: "supergroup", ChatTitle: "城关镇中心校", MessageID: 7,
				UserID: 42, UserName: "张 三", Username: "zhangsan", Text: "#12 进度70%", Edited: true},
		},
		{name: "edited caption of a photo", upd: models.Update{ID: 19, EditedMessage: &models.Message{ID: 8, Chat: group, From: &user,
			Caption: "#12 整改后", Photo: []models.PhotoSize{{FileID: "p"}}}}},
		{name: "service: migrated", upd: models.Update{ID: 16, Message: &models.Message{ID: 1, Chat: group, From: &user, MigrateToChatID: -100}}},
		{name: "bot removed", upd: models.Update{ID: 17, MyChatMember: &models.ChatMemberUpdated{Chat: group, From: user,
			OldChatMember: models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{}},
			NewChatMember: models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{}}}}},
		{name: "inline message button", upd: models.Update{ID: 18, CallbackQuery: &models.CallbackQuery{ID: "x", From: user, InlineMessageID: "i"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Round-trip through JSON as the update arrives from Telegram.
			raw, err := json.Marshal(tt.upd)
			if err != nil {
				t.Fatal(err)
			}
			var u models.Update
			if err := json.Unmarshal(raw, &u); err != nil {
				t.Fatal(err)
			}
			got, ok := toMessage(&u, botID)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !ok {
				return
			}
			got.Time = duban.Message{}.Time
			if !equalMessage(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", describe(got), describe(tt.want))
			}
		})
	}
}

func equalMessage(a, b duban.Message) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func describe(m duban.Message) string {
	j, _ := json.Marshal(m)
	return string(j)
}

// FuzzDecodeUpdate feeds arbitrary JSON to the update decoder and the
// conversion: nothing may panic, whatever Telegram (or an attacker posting
// to the webhook) sends.
func FuzzDecodeUpdate(f *testing.F) {
	f.Add(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":-1,"type":"group"},"text":"/due"}}`)
	f.Add(`{"update_id":2,"callback_query":{"id":"c","from":{"id":1},"message":{"message_id":3,"date":0,"chat":{"id":1}},"data":"x"}}`)
	f.Add(`{"update_id":3,"my_chat_member":{"chat":{"id":-1},"from":{"id":1},"date":1,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}`)
	f.Add(`{"update_id":4,"message":{"message_id":1,"date":1,"chat":{"id":-1},"reply_to_message":{"message_id":1,"date":1,"chat":{"id":-1},"document":{"file_id":"x"}}}}`)
	f.Add(`{"update_id":7,"message":{"message_id":2,"date":1,"chat":{"id":-1},"caption":"#12 照片","media_group_id":"g","photo":[{"file_id":"a","file_unique_id":"b","width":9,"height":9},{"file_id":"c","width":-1,"height":-1,"file_size":-5}]}}`)
	f.Add(`{"update_id":8,"message":{"message_id":2,"date":1,"chat":{"id":-1},"video":{"file_id":"v"},"reply_to_message":{"message_id":1,"date":1,"chat":{"id":-1},"photo":[]}}}`)
	f.Add(`{"update_id":"x"}`)
	f.Add(`{"update_id":5,"message":{"message_id":"x","chat":{"id":-1},"from":{"id":2}}}`)
	f.Add(`{"update_id":6,"callback_query":{"id":"c","from":{"id":1},"message":{"chat":{"id":"-1"}}}`)
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, raw string) {
		// A getUpdates answer this update broke: the poll skips the id
		// it finds, never one before it.
		if id := (&badAnswerError{body: []byte(raw)}).firstID(); id < 0 {
			t.Fatalf("negative id %d", id)
		}
		u, id, ok := fx.bot.decodeUpdate([]byte(raw))
		if !ok {
			h := readHead([]byte(raw))
			if id != h.ID {
				t.Fatalf("skipped update logged as %d, read as %d", h.ID, id)
			}
			h.chat()
			h.user()
			return
		}
		if u.ID <= 0 || id != u.ID {
			t.Fatalf("update handed on with id %d (%d)", u.ID, id)
		}
		chatOf(u)
		userOf(u)
		m, ok := toMessage(u, tgfake.BotID)
		if ok && m.Text == "" && m.Document == nil && m.Attachment == nil && m.Callback == nil && m.Member == nil {
			t.Fatalf("empty message handed on: %+v", m)
		}
	})
}
