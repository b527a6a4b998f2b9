package api

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/planmine/planmine/corpus"
	"io"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

// Result statuses of one uploaded document (SPEC §5).
const (
	StatusCreated   = "created"
	StatusDuplicate = "duplicate"
	StatusFailed    = "failed"
)

// Result is the outcome for one document of an upload: one per part of a
// file read, or one with Part 0 for a file that could not be read.
type Result struct {
	Source string `json:"source"`
	Part   int    `json:"part"`
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// Code is the error code (as in the error shape) of a failed file.
	Code string `json:"code,omitempty"`
}

// upFile is one uploaded file held in memory; a zip is expanded by the
// worker, never on disk.
type upFile struct {
	name string
	data []byte
	zip  *zip.Reader // set for a .zip whose directory was read
	err  error       // set when the file was refused while reading the body
}

// batch is the work of one upload request.
type batch struct {
	files []upFile
	total int  // files after zip expansion
	job   *job // nil for a synchronous upload
	done  chan struct{}
	res   []Result
}

// readUpload reads the multipart body into memory. Each file is capped at
// MaxFileSize (a file over the cap becomes a failed result, the others go
// on); the whole body is capped by limitBody.
func (s *Server) readUpload(c *gin.Context) ([]upFile, error) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, badRequest("请以 multipart/form-data 上传文件，字段名 file (upload files as multipart/form-data, field \"file\")")
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, badRequest("无法解析上传内容 (cannot parse multipart body): " + err.Error())
	}
	var files []upFile
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, bodyError(err)
		}
		if p.FileName() == "" || (p.FormName() != "file" && p.FormName() != "files") {
			_, _ = io.Copy(io.Discard, p)
			continue
		}
		name := cleanName(p.FileName())
		data, err := io.ReadAll(io.LimitReader(p, s.deps.MaxFileSize+1))
		if err != nil {
			return nil, bodyError(err)
		}
		f := upFile{name: name}
		if int64(len(data)) > s.deps.MaxFileSize {
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, bodyError(err)
			}
			f.err = fmt.Errorf("%s: %w: 超过 %d 字节上限 (exceeds the %d-byte limit)", name, ingest.ErrTooLarge, s.deps.MaxFileSize, s.deps.MaxFileSize)
		} else {
			f.data = data
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, badRequest("没有收到文件，字段名应为 file (no file received; use the form field \"file\")")
	}
	return files, nil
}

// cleanName keeps only the base name of a client-supplied file name: it
// labels documents and never reaches the filesystem.
func cleanName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	n = path.Base(path.Clean("/" + n))
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, n)
	if n == "/" || n == "." || n == "" {
		n = "upload"
	}
	return n
}

func isZipName(n string) bool { return strings.EqualFold(path.Ext(n), ".zip") }

// planBatch opens the directories of uploaded zips (cheap: no member is
// decompressed) so the file count that decides sync versus job is known.
func (s *Server) planBatch(files []upFile) (*batch, bool) {
	b := &batch{files: files, done: make(chan struct{})}
	asJob := len(files) > s.deps.JobFiles
	for i := range files {
		f := &files[i]
		if f.err != nil || !isZipName(f.name) {
			b.total++
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(f.data), int64(len(f.data)))
		if err != nil && !errors.Is(err, zip.ErrInsecurePath) || zr == nil {
			// Let ingest give the reason (truncated, not a zip, …).
			b.total++
			continue
		}
		n := 0
		for _, zf := range zr.File {
			if !skipZipMember(zipMemberName(zf), zf) {
				n++
			}
		}
		if n > s.deps.MaxZipMembers {
			f.err = fmt.Errorf("%s: %w: 压缩包成员 %d 个，超过上限 %d (archive has %d entries, limit %d)",
				f.name, ingest.ErrTooLarge, n, s.deps.MaxZipMembers, n, s.deps.MaxZipMembers)
			b.total++
			continue
		}
		f.zip = zr
		b.total += n
		if int64(len(f.data)) > s.deps.JobZipBytes {
			asJob = true
		}
	}
	if b.total > s.deps.JobFiles {
		asJob = true
	}
	return b, asJob
}

// zipMemberName decodes a member name for display: names written without
// the UTF-8 flag by Chinese Windows tools are GBK.
func zipMemberName(f *zip.File) string {
	n := f.Name
	if f.Flags&0x800 == 0 && !utf8.ValidString(n) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().String(n); err == nil {
			n = d
		}
	}
	n = strings.ReplaceAll(n, "\\", "/")
	return strings.TrimLeft(path.Clean("/"+n), "/")
}

// skipZipMember is true for folders, macOS resource forks and dot-files.
func skipZipMember(n string, f *zip.File) bool {
	if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") || n == "" {
		return true
	}
	for _, seg := range strings.Split(n, "/") {
		if strings.HasPrefix(seg, ".") || seg == "__MACOSX" {
			return true
		}
	}
	return false
}

// maxZipRatio bounds how far one member may expand (zip bombs); real
// documents stay far below it.
const maxZipRatio = 200

// readZipMember decompresses one member in memory under the per-file cap.
func (s *Server) readZipMember(zf *zip.File) ([]byte, error) {
	limit := s.deps.MaxFileSize
	if zf.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%w: 成员声明解压后 %d 字节，超过上限 %d (member declares %d bytes, limit %d)",
			ingest.ErrTooLarge, zf.UncompressedSize64, limit, zf.UncompressedSize64, limit)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: 无法打开压缩包成员 (cannot open member): %v", ingest.ErrCorrupt, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(data)) > limit || (len(data) > 1<<20 && zf.CompressedSize64 > 0 && uint64(len(data))/zf.CompressedSize64 > maxZipRatio) {
		return nil, fmt.Errorf("%w: 疑似压缩炸弹 (zip bomb)", ingest.ErrTooLarge)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: 压缩包成员解压失败 (member failed to decompress): %v", ingest.ErrCorrupt, err)
	}
	return data, nil
}

// runBatch ingests every file of b in order; one bad file never stops the
// others. Job progress is published after each file.
func (s *Server) runBatch(b *batch) {
	defer close(b.done)
	if b.job != nil {
		b.job.setState(JobRunning)
	}
	emit := func(rs []Result) {
		b.res = append(b.res, rs...)
		if b.job != nil {
			b.job.add(rs)
		}
	}
	for _, f := range b.files {
		switch {
		case f.err != nil:
			emit([]Result{s.failed(f.name, f.err)})
		case f.zip != nil:
			members := make([]*zip.File, 0, len(f.zip.File))
			for _, zf := range f.zip.File {
				if !skipZipMember(zipMemberName(zf), zf) {
					members = append(members, zf)
				}
			}
			sort.SliceStable(members, func(i, j int) bool { return members[i].Name < members[j].Name })
			// Members are stored in batches: one index update per zipBatch
			// files instead of one per file. A failure flushes the batch
			// first so results keep the members' order.
			var pending []corpus.File
			flush := func() {
				if len(pending) > 0 {
					for _, rs := range s.store(s.baseCtx, pending) {
						emit(rs)
					}
					pending = pending[:0]
				}
			}
			for _, zf := range members {
				name := cleanName(zipMemberName(zf))
				data, err := s.readZipMember(zf)
				if err != nil {
					flush()
					emit([]Result{s.failed(name, err)})
					continue
				}
				f, fail := s.prepare(s.baseCtx, name, data)
				if fail != nil {
					flush()
					emit([]Result{*fail})
					continue
				}
				pending = append(pending, f)
				if len(pending) >= zipBatch {
					flush()
				}
			}
			flush()
		default:
			emit(s.ingestFile(s.baseCtx, f.name, f.data))
		}
	}
	if b.job != nil {
		b.job.finish()
	}
}

// zipBatch is how many archive members are stored per corpus batch (one
// index and reuse update each; see batchFiles in cmd/planmine).
const zipBatch = 256

// ingestFile reads, analyses and stores one file.
func (s *Server) ingestFile(ctx context.Context, name string, data []byte) []Result {
	f, fail := s.prepare(ctx, name, data)
	if fail != nil {
		return []Result{*fail}
	}
	return s.store(ctx, []corpus.File{f})[0]
}

// prepare reads and analyses one file; a failure comes back as its Result.
func (s *Server) prepare(ctx context.Context, name string, data []byte) (f corpus.File, fail *Result) {
	defer func() {
		// A reader or extractor bug costs this file, not the worker.
		if r := recover(); r != nil {
			s.log.Error("导入时出现异常 (panic while ingesting)", "source", name, "panic", r)
			res := s.failed(name, fmt.Errorf("导入失败 (ingest failed): %v", r))
			fail = &res
		}
	}()
	bad := func(err error) (corpus.File, *Result) {
		res := s.failed(name, err)
		return corpus.File{}, &res
	}
	docs, err := ingest.Read(ctx, name, bytes.NewReader(data), ingest.Options{MaxSize: s.deps.MaxFileSize})
	if err != nil {
		return bad(err)
	}
	if len(docs) == 0 {
		return bad(fmt.Errorf("%s: %w", name, ingest.ErrNoText))
	}
	for i := range docs {
		if docs[i].Source == "" {
			docs[i].Source = name
		}
		if err := nlp.Analyze(ctx, &docs[i]); err != nil {
			return bad(err)
		}
	}
	return corpus.File{Name: name, Original: data, Docs: docs}, nil
}

// store adds prepared files in one corpus batch (each file durable on its
// own, one index update for all) and returns each file's results, in order.
func (s *Server) store(ctx context.Context, files []corpus.File) [][]Result {
	res, errs, berr := s.corpus.AddBatch(ctx, files)
	all := make([][]Result, len(files))
	for i, f := range files {
		if errs[i] != nil {
			all[i] = []Result{s.failed(f.Name, errs[i])}
			continue
		}
		status := StatusCreated
		if res[i].Duplicate {
			status = StatusDuplicate
		}
		out := make([]Result, 0, len(f.Docs))
		for k := range f.Docs {
			r := Result{Source: f.Docs[k].Source, Part: f.Docs[k].Part, Status: status}
			if k < len(res[i].IDs) {
				r.ID = res[i].IDs[k]
			}
			if berr != nil {
				// Stored but not indexed: the index is repaired at the next start.
				r.Error = berr.Error()
			}
			out = append(out, r)
		}
		all[i] = out
		s.metrics.ingested.WithLabelValues(status).Inc()
		if status == StatusCreated {
			s.metrics.documents.Add(float64(len(f.Docs)))
		}
	}
	return all
}

func (s *Server) failed(name string, err error) Result {
	s.metrics.ingested.WithLabelValues(StatusFailed).Inc()
	_, code := classify(err)
	s.log.Info("文件导入失败 (file not ingested)", "source", name, "err", err)
	return Result{Source: name, Status: StatusFailed, Error: err.Error(), Code: code}
}

// uploadStatus chooses the status of a finished synchronous upload: 201
// when anything was created, 200 when everything was already there, and
// when every file failed the status of the most telling failure (415 if
// all were unsupported, 413 if all too large, else 422).
func uploadStatus(rs []Result) int {
	created, dup, failed := 0, 0, 0
	codes := map[string]int{}
	for _, r := range rs {
		switch r.Status {
		case StatusCreated:
			created++
		case StatusDuplicate:
			dup++
		default:
			failed++
			codes[r.Code]++
		}
	}
	switch {
	case created > 0:
		return http.StatusCreated
	case dup > 0:
		return http.StatusOK
	case codes[CodeUnsupported] == failed:
		return http.StatusUnsupportedMediaType
	case codes[CodeTooLarge] == failed:
		return http.StatusRequestEntityTooLarge
	case codes[CodeInternal] == failed:
		return http.StatusInternalServerError
	}
	return http.StatusUnprocessableEntity
}

// handleUpload is POST /api/v1/documents.
func (s *Server) handleUpload(c *gin.Context) {
	files, err := s.readUpload(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	b, asJob := s.planBatch(files)
	if asJob {
		b.job = s.jobs.create(s.newJobID(), b.total)
	}
	if err := s.enqueue(b); err != nil {
		if b.job != nil {
			s.jobs.remove(b.job.id)
		}
		c.Header("Retry-After", "5")
		s.writeError(c, err)
		return
	}
	if b.job != nil {
		c.Header("Location", "/api/v1/jobs/"+b.job.id)
		c.JSON(http.StatusAccepted, gin.H{"job": b.job.id, "total": b.total})
		return
	}
	select {
	case <-b.done:
	case <-c.Request.Context().Done():
		// The client left; the batch still completes and is stored.
		return
	}
	rs := b.res
	if rs == nil {
		rs = []Result{}
	}
	c.JSON(uploadStatus(rs), gin.H{"results": rs})
}

// bodyError classifies a failure reading the request body: over the body
// limit stays a 413; anything else (a body cut off mid-part) is the
// client's malformed request, 400, never a 500.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, context.Canceled) {
		return err
	}
	return badRequest("上传内容不完整 (malformed multipart body): " + err.Error())
}
