package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"runtime"
	"sync"

	"github.com/xuri/excelize/v2"
)

// ledgerDeflateLevel packs the ledger faster than the default level: a
// month of a big plan (10,000 tasks, 95,000 reports) is 70 MB of sheet
// XML, which level 4 packs in 0.3 s to 7.3 MB where the default level
// took 0.7 s for 6.7 MB.
const ledgerDeflateLevel = 4

// parallelZip is the ledger's excelize.ZipWriter: it deflates each part of
// the workbook on its own goroutine as soon as excelize has written it,
// as many at once as there are cores, and writes them to the archive in
// the order they were made. The month's sheets and its changes are tens
// of megabytes of XML each, which one core would deflate one after the
// other.
type parallelZip struct {
	zw    *zip.Writer
	parts []*zipPart
	open  *zipPart // the part excelize is writing
	cores chan struct{}
	wg    sync.WaitGroup
}

// zipPart is one file of the archive: written raw, then deflated.
type zipPart struct {
	name     string
	raw      chunks
	deflated bytes.Buffer
	crc      uint32
	size     uint64
	err      error
}

func newParallelZip(w io.Writer) excelize.ZipWriter {
	return &parallelZip{zw: zip.NewWriter(w), cores: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// Create starts a part; the one before it is complete and is deflated.
func (z *parallelZip) Create(name string) (io.Writer, error) {
	z.deflateOpen()
	p := &zipPart{name: name}
	z.parts, z.open = append(z.parts, p), p
	return &p.raw, nil
}

// deflateOpen deflates the part being written, on its own goroutine.
func (z *parallelZip) deflateOpen() {
	p := z.open
	if p == nil {
		return
	}
	z.open = nil
	z.wg.Add(1)
	go func() {
		defer z.wg.Done()
		z.cores <- struct{}{}
		defer func() { <-z.cores }()
		w, err := flate.NewWriter(&p.deflated, ledgerDeflateLevel)
		for _, c := range p.raw {
			if err == nil {
				p.crc, p.size = crc32.Update(p.crc, crc32.IEEETable, c), p.size+uint64(len(c))
				_, err = w.Write(c)
			}
		}
		if err == nil {
			err = w.Close()
		}
		p.err, p.raw = err, nil
	}()
}

// chunks holds what is written in pieces of a megabyte, never copied to
// grow: a sheet is tens of megabytes.
type chunks [][]byte

const chunkSize = 1 << 20

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(*c) == 0 || len((*c)[len(*c)-1]) == chunkSize {
			*c = append(*c, make([]byte, 0, chunkSize))
		}
		last := &(*c)[len(*c)-1]
		k := min(len(p), chunkSize-len(*last))
		*last, p = append(*last, p[:k]...), p[k:]
	}
	return n, nil
}

// flush waits for the parts made so far and writes them to the archive.
func (z *parallelZip) flush() error {
	z.deflateOpen()
	z.wg.Wait()
	for _, p := range z.parts {
		if p.err != nil {
			return p.err
		}
		w, err := z.zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(p.deflated.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := p.deflated.WriteTo(w); err != nil {
			return err
		}
	}
	z.parts = nil
	return nil
}

// AddFS adds the files of fsys after the parts made so far.
func (z *parallelZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close writes every part and the archive's directory.
func (z *parallelZip) Close() error {
	err := z.flush()
	if cerr := z.zw.Close(); err == nil {
		err = cerr
	}
	return err
}
