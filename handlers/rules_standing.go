package handlers

import "strings"

// --- lights: 红灯有哪些 · 哪些任务滞后 · 黄灯 · 预警情况 ---

var lightsVocab = newVocab(
	[]string{"红灯", "黄灯", "绿灯", "亮红灯", "亮黄灯", "预警", "滞后", "落后", "进度滞后", "进度落后", "序时进度", "严重滞后"},
	[]string{"的", "亮", "了", "哪些", "情况", "于", "于序时进度", "红黄灯", "红灯和黄灯", "和", "与", "及"},
	askWords, politeWords)

func matchLights(t ruleText) (Intent, bool) {
	if !lightsVocab.covers(t.bare) {
		return Intent{}, false
	}
	args := ""
	switch {
	case strings.Contains(t.bare, "红灯") && !strings.Contains(t.bare, "黄灯"):
		args = "红"
	case strings.Contains(t.bare, "黄灯") && !strings.Contains(t.bare, "红灯"):
		args = "黄"
	case strings.Contains(t.bare, "绿灯"):
		args = "绿"
	}
	return Intent{Command: "lights", Args: args}, true
}

// --- missing: 谁还没报 · 哪些单位还没报送 · 本周还有谁没报进展 ---

var missingVocab = newVocab(
	[]string{"没报", "未报", "没有报", "还没报", "尚未报", "没报送", "未报送", "没有报送", "漏报", "迟报", "没交", "没上报", "未上报"},
	[]string{"谁", "谁还", "哪个", "哪些", "单位", "科室", "部门", "学校", "本周", "这周", "本月", "这个月", "本期", "进展", "进度",
		"报送", "情况", "材料", "了", "的", "还", "还有"},
	askWords, politeWords)

func matchMissing(t ruleText) (Intent, bool) {
	if !missingVocab.covers(t.bare) {
		return Intent{}, false
	}
	return Intent{Command: "missing"}, true
}

// --- mine: 我的任务 · 我们单位的任务 · 我分管的 · 我分管的单位进展 ---

var mineVocab = newVocab(
	[]string{"我的任务", "我的事项", "我的工作", "我们的任务", "我们单位的任务", "本单位的任务", "我们科的任务", "我们的事项",
		"我负责的", "我们负责的", "我牵头的", "我们牵头的", "我的待办", "我们科", "我们室", "我们股", "我们处", "我们中心",
		"我们单位", "本单位", "我们部门", "本部门", "我们科室", "本科室", "我们学校", "我校", "本校", "我科"},
	[]string{"有哪些", "哪些", "有什么", "看看", "看一下", "查看", "查一下", "列出", "还有", "未完成", "没完成", "没有完成",
		"的", "任务", "事项", "工作", "呢", "情况", "这周", "本周", "这个月", "本月", "近期", "最近", "要完成", "需要完成",
		"要做", "要办", "到期", "快到期", "逾期", "还没完成", "没做完", "负责", "牵头"},
	askWords, politeWords)

var leaderVocab = newVocab(
	[]string{"我分管的", "我分管", "分管的单位", "我分管的单位", "我分管的任务", "我分管的工作"},
	[]string{"有哪些", "哪些", "看看", "看一下", "查看", "任务", "事项", "进展", "进度", "情况", "怎么样", "的", "单位", "工作", "呢"},
	askWords, politeWords)

func matchMine(t ruleText) (Intent, bool) {
	if leaderVocab.covers(t.bare) {
		return Intent{Command: "mine", Args: "分管"}, true
	}
	if mineVocab.covers(t.bare) {
		return Intent{Command: "mine"}, true
	}
	return Intent{}, false
}
