package planimport

import (
	"fmt"

	"github.com/duban-bot/duban/duban"
)

// The errors Decode returns to users. Each is an *duban.Error with code
// EINVALID and a short Chinese sentence as its message. Decode wraps them
// (with the internal cause, if any), so callers match them with errors.Is and
// translate by identity when they answer in another language; errors.As to
// *duban.Error gives the Chinese message.
var (
	// ErrTooLarge: the input is over Options.MaxBytes.
	ErrTooLarge = &duban.Error{Code: duban.EINVALID, Message: "文件太大，超过了导入的大小上限"}
	// ErrEmpty: the input is empty or holds nothing but blank lines.
	ErrEmpty = &duban.Error{Code: duban.EINVALID, Message: "文件是空的，没有可导入的内容"}
	// ErrNoItems: the document was read but no plan item was found in it.
	ErrNoItems = &duban.Error{Code: duban.EINVALID, Message: "文档中没有找到可导入的工作事项"}
	// ErrSummaryOnly: the document is a work summary (工作总结) with no
	// plan part. Decode returns it wrapped together with ErrNoItems, so
	// callers that know only ErrNoItems still match it.
	ErrSummaryOnly = &duban.Error{Code: duban.EINVALID, Message: "这份文件看起来是工作总结，没有找到计划事项"}
	// ErrUnsupported: a format that is not read at all (images, archives, …).
	ErrUnsupported = &duban.Error{Code: duban.EINVALID, Message: "不支持这种文件格式，请上传 .docx、.xlsx、.csv、.txt 或 .md 文件"}
	// ErrLegacyWord: an old binary Word or WPS document (.doc/.wps).
	ErrLegacyWord = &duban.Error{Code: duban.EINVALID, Message: "不支持旧版 Word 文档(.doc/.wps)，请在 Word 或 WPS 中另存为 .docx 后再导入"}
	// ErrLegacyExcel: an old binary Excel workbook (.xls/.et).
	ErrLegacyExcel = &duban.Error{Code: duban.EINVALID, Message: "不支持旧版 Excel 表格(.xls)，请另存为 .xlsx 后再导入"}
	// ErrPDF: a PDF, whose text layout cannot be trusted for numbering.
	ErrPDF = &duban.Error{Code: duban.EINVALID, Message: "不支持 PDF 文件，请上传原始的 Word 文档(.docx)，或将内容另存为 .docx 或 .txt"}
	// ErrDocx: the file claims to be .docx but is not a readable Word document.
	ErrDocx = &duban.Error{Code: duban.EINVALID, Message: "文件不是有效的 Word 文档(.docx)"}
	// ErrXlsx: the file claims to be .xlsx but is not a readable workbook.
	ErrXlsx = &duban.Error{Code: duban.EINVALID, Message: "文件不是有效的 Excel 表格(.xlsx)"}
	// ErrCSV: the file claims to be .csv but cannot be read as one.
	ErrCSV = &duban.Error{Code: duban.EINVALID, Message: "文件不是有效的 CSV 表格"}
	// ErrText: the file claims to be text but holds binary data.
	ErrText = &duban.Error{Code: duban.EINVALID, Message: "文件不是文本文件"}
	// ErrEncoding: text in an encoding that is neither UTF-8/UTF-16 nor GB18030.
	ErrEncoding = &duban.Error{Code: duban.EINVALID, Message: "无法识别文件的文字编码，请另存为 UTF-8 编码后再导入"}
	// ErrPackageTooLarge: a .docx/.xlsx that unpacks to far more than its
	// size (a zip bomb) or holds too many parts.
	ErrPackageTooLarge = &duban.Error{Code: duban.EINVALID, Message: "文件解压后内容过大，无法导入"}
	// ErrTooComplex: a .docx/.xlsx/.csv whose structure no real document
	// has (XML nested thousands deep, elements with thousands of
	// attributes, a cell of megabytes, millions of shared strings or
	// columns), built to exhaust the reader. Decode returns it wrapped
	// together with ErrPackageTooLarge, so callers that know only that one
	// still match it.
	ErrTooComplex = &duban.Error{Code: duban.EINVALID, Message: "文件内部结构异常（层级过深、元素或单元格过多），无法导入，请用 Word、WPS 或 Excel 另存后再试"}
	// ErrRead: reading the upload itself failed.
	ErrRead = &duban.Error{Code: duban.EINVALID, Message: "读取文件失败，请重新上传"}
)

// fail wraps a user-facing error with the internal cause so that both
// errors.Is(err, kind) and logging the cause work.
func fail(kind *duban.Error, cause error) error {
	if cause == nil {
		return kind
	}
	return fmt.Errorf("planimport: %w: %w", kind, cause)
}
