package duban

// SearchResult holds the items and reports matching a query.
type SearchResult struct {
	Items        []Item
	ItemTotal    int // how many items match in all (Items holds at most the limit)
	Reports      []Progress
	ReportTotal  int
	ReportTitles map[int]string // item number -> title, for the reports shown
}

// SectionCount is one line of the plan outline.
type SectionCount struct {
	Section Item
	Done    int
	Open    int
	Overdue int
}

// TaskCounts are the tasks of the plans a chat sees, as "还有多少任务没完成"
// and "完成率多少" are answered: cancelled tasks are in none of them.
type TaskCounts struct {
	Plans   int // plans with tasks that are not cancelled
	Done    int
	Open    int
	Overdue int // open and past their deadline
}

// ImportResult says what an import changed, by item number.
type ImportResult struct {
	Plan      Plan
	Added     []int
	Changed   []int
	Unchanged []int
}

// MaxReportRunes bounds the text of one report.
const MaxReportRunes = 4000

// MaxQueryRunes bounds a search query.
const MaxQueryRunes = 100
