package report

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// ProgressRecorded confirms a progress report and shows the item as it now
// stands.
func ProgressRecorded(it duban.Item, p duban.Progress, today duban.Date, lang string) string {
	var head string
	switch {
	case p.Done || it.Status == duban.StatusDone:
		head = Tr(lang, fmt.Sprintf("✅ 已销号：#%d", it.Number), fmt.Sprintf("✅ Closed #%d", it.Number))
	case p.Percent != duban.NoPercent:
		head = Tr(lang,
			fmt.Sprintf("📝 已记录进展，#%d 进度更新为%d%%", it.Number, p.Percent),
			fmt.Sprintf("📝 Report recorded; #%d is now at %d%%", it.Number, p.Percent))
	default:
		head = Tr(lang, fmt.Sprintf("📝 已记录 #%d 的进展", it.Number), fmt.Sprintf("📝 Report on #%d recorded", it.Number))
	}
	return head + "\n" + ItemLine(it, today, lang)
}

// AlreadyClosed says an item is done or cancelled already.
func AlreadyClosed(it duban.Item, lang string) string {
	return Tr(lang,
		fmt.Sprintf("#%d 已经是“%s”状态，无需重复销号。", it.Number, StatusText(it.Status, lang)),
		fmt.Sprintf("#%d is %s already.", it.Number, StatusText(it.Status, lang)))
}

// ItemAdded confirms a new item.
func ItemAdded(it duban.Item, today duban.Date, lang string) string {
	return Tr(lang, "➕ 已添加事项\n", "➕ Item added\n") + ItemLine(it, today, lang)
}

// ItemEdited confirms a changed field of an item.
func ItemEdited(it duban.Item, field string, today duban.Date, lang string) string {
	return Tr(lang,
		fmt.Sprintf("✏️ 已修改 #%d 的%s\n", it.Number, esc(field)),
		fmt.Sprintf("✏️ Changed the %s of #%d\n", esc(field), it.Number)) + ItemLine(it, today, lang)
}

// ConfirmDelete asks whether to delete an item; the buttons carry the answer.
func ConfirmDelete(it duban.Item, today duban.Date, lang string) string {
	return Tr(lang, "确定删除这个事项吗？已报送的进展会保留。\n", "Delete this item? Its reports are kept.\n") +
		ItemLine(it, today, lang)
}

// ItemDeleted confirms a deleted item.
func ItemDeleted(it duban.Item, lang string) string {
	return Tr(lang,
		fmt.Sprintf("🗑 已删除 #%d %s。", it.Number, esc(it.Title)),
		fmt.Sprintf("🗑 Deleted #%d %s.", it.Number, esc(it.Title)))
}

// NumberList writes item numbers as "#3、#5" ("#3, #5" in English).
func NumberList(nums []int, lang string) string {
	parts := make([]string, len(nums))
	for i, n := range nums {
		parts[i] = fmt.Sprintf("#%d", n)
	}
	return strings.Join(parts, Tr(lang, "、", ", "))
}
