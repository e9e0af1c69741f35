package planimport

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedDir holds the real published plans the team collected; it lives
// outside the module, so tests skip when it is absent.
const seedDir = "../../shared/seeds"

func benchDecode(b *testing.B, data []byte, name string) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(data), name, Options{Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeLargestSeed decodes the 158 KB compilation of ten plans.
func BenchmarkDecodeLargestSeed(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(seedDir, "001_*.txt"))
	if len(files) == 0 {
		b.Skip("seed 001 not available")
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	benchDecode(b, data, filepath.Base(files[0]))
}

// syntheticPlan writes a plan of n sections in the house style: headings,
// numbered tasks with owners, deadlines and targets, and run-in lists.
func syntheticPlan(n int) []byte {
	var b strings.Builder
	b.WriteString("某县教育局2026年工作要点\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s、推进第%d项重点工作，提升办学质量\n", cnString(i%99+1), i)
		for j := 1; j <= 8; j++ {
			fmt.Fprintf(&b, "%d.完善第%d类工作机制，%d月底前完成，覆盖率达到%d%%。一是健全制度；二是强化督查；三是定期通报。（牵头单位：第%d科；配合单位：办公室、督导室）\n",
				j, j, j%12+1, 80+j, j)
		}
	}
	return []byte(b.String())
}

// BenchmarkDecodeSynthetic decodes a generated plan of about 150 KB, so the
// figure exists even where the seeds are not checked out.
func BenchmarkDecodeSynthetic(b *testing.B) {
	benchDecode(b, syntheticPlan(60), "synthetic.txt")
}

// BenchmarkDecodeXLSX decodes a 500-row ledger.
func BenchmarkDecodeXLSX(b *testing.B) {
	rows := [][]any{{"序号", "工作任务", "牵头单位", "配合单位", "完成时限", "目标", "状态", "进度"}}
	for i := 1; i <= 500; i++ {
		rows = append(rows, []any{i, fmt.Sprintf("推进第%d项重点任务", i), "督导室", "基教股、人事股", "9月底前", "覆盖率100%", "进行中", "50%"})
	}
	benchDecode(b, writeSheet(b, "Sheet1", rows, nil), "ledger.xlsx")
}
