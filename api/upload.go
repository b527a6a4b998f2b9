package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"syscall"

	"github.com/gin-gonic/gin"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/ingest"
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
	// DuplicateOf names the stored document a duplicate is the same file
	// as (same bytes, stored earlier or earlier in the same upload).
	DuplicateOf *DocRef `json:"duplicate_of,omitempty"`
}

// DocRef names a stored document: its id, the file it was read from, and
// its part of that file.
type DocRef struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Part   int    `json:"part"`
}

// upFile is one uploaded file held in memory; a zip is expanded by the
// worker (ingest.Expand), never on disk.
type upFile struct {
	name string
	data []byte
	err  error // set when the file was refused while reading the body
}

// batch is the work of one upload request.
type batch struct {
	files []upFile
	total int     // files after zip expansion
	run   *jobRun // nil for a synchronous upload
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
			f.err = s.tooLarge(name)
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

// tooLarge is the failure of an uploaded file over MaxFileSize.
func (s *Server) tooLarge(name string) error {
	return fmt.Errorf("%s: %w: 超过 %d 字节上限 (exceeds the %d-byte limit)", name, ingest.ErrTooLarge, s.deps.MaxFileSize, s.deps.MaxFileSize)
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

// planBatch counts the files of the upload, zip members included (only
// the archives' directories are read), so that sync versus job is decided
// before any work.
func (s *Server) planBatch(files []upFile) (*batch, bool) {
	b := &batch{files: files, done: make(chan struct{})}
	asJob := len(files) > s.deps.JobFiles
	for _, f := range files {
		if f.err != nil {
			b.total++
			continue
		}
		n := ingest.CountFiles(f.name, f.data)
		b.total += n
		if isZipName(f.name) && int64(len(f.data)) > s.deps.JobZipBytes {
			asJob = true
		}
	}
	if b.total > s.deps.JobFiles {
		asJob = true
	}
	return b, asJob
}

// ingestOptions are the reading caps of an upload: the per-file limit and
// member cap of Deps, ingest's defaults for the rest (the same policy as
// planmine ingest).
func (s *Server) ingestOptions() ingest.Options {
	return ingest.Options{MaxSize: s.deps.MaxFileSize, MaxZipMembers: s.deps.MaxZipMembers}
}

// runBatch ingests every file of b in order through the one import
// pipeline (corpus/importer); one bad file never stops the others. Files,
// and the members of uploaded zips, are stored in batches (one index and
// reuse update each), and results keep the upload's order. Job progress is
// published as each file's result arrives.
func (s *Server) runBatch(ctx context.Context, b *batch) {
	defer close(b.done)
	if b.run != nil {
		b.run.start(ctx)
	}
	done := func(r importer.Result) error {
		rs := s.results(ctx, r)
		if b.run != nil {
			b.run.add(ctx, rs)
			return nil
		}
		b.res = append(b.res, rs...)
		return nil
	}
	err := importer.Run(ctx, s.corpus, importer.Options{Done: done, Batch: s.deps.ImportBatch}, func(yield func(ingest.File) error) error {
		for _, f := range b.files {
			if f.err != nil {
				if err := yield(ingest.File{Name: f.name, Err: f.err}); err != nil {
					return err
				}
				continue
			}
			if err := s.expand(ctx, f, yield); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.log.Error("导入中断 (import stopped)", "err", err)
	}
}

// expand reads one uploaded file through ingest's archive policy and hands
// each file it holds to each. A reader bug costs this upload file, not the
// worker.
func (s *Server) expand(ctx context.Context, f upFile, each func(ingest.File) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("读取时出现异常 (panic while reading)", "source", f.name, "panic", r)
			err = each(ingest.File{Name: f.name, Err: fmt.Errorf("%s: 读取失败 (read failed): %w", f.name, errInternal)})
		}
	}()
	var stopped error
	rerr := ingest.Expand(ctx, f.name, f.data, s.ingestOptions(), func(in ingest.File) error {
		stopped = each(in)
		return stopped
	})
	if stopped != nil {
		return stopped
	}
	if rerr != nil {
		return each(ingest.File{Name: f.name, Err: rerr})
	}
	return nil
}

// errInternal marks a failure whose detail is for the log, not the client:
// an extractor bug met while reading or analysing a file.
var errInternal = importer.ErrPanic

// results turns one file's import result into its upload results, one per
// document read from it (one for a file that failed). Store errors reach
// the client as StoreErrorMessage, never as SQL.
func (s *Server) results(ctx context.Context, r importer.Result) []Result {
	var pe *importer.PanicError
	if errors.As(r.Err, &pe) {
		s.log.Error("导入时出现异常 (panic while ingesting)", "source", pe.Name, "panic", pe.Value)
	}
	if r.Err != nil && r.Docs == nil {
		return []Result{s.failed(r.Name, r.Err)}
	}
	if r.BatchErr != nil {
		s.log.Error("已保存但索引或查重更新失败 (stored, index or reuse update failed)", "err", r.BatchErr)
	}
	if r.Err != nil {
		s.log.Error("保存失败 (store failed)", "source", r.Name, "err", r.Err)
		s.metrics.ingested.WithLabelValues(StatusFailed).Inc()
		_, code := classify(r.Err)
		return []Result{{Source: r.Name, Status: StatusFailed, Error: r.Name + ": " + StoreErrorMessage(r.Err), Code: code}}
	}
	status := StatusCreated
	var dupOf *DocRef
	if r.Duplicate {
		status = StatusDuplicate
		dupOf = s.docRef(ctx, r.IDs)
	}
	out := make([]Result, 0, len(r.Docs))
	for k := range r.Docs {
		res := Result{Source: r.Docs[k].Source, Part: r.Docs[k].Part, Status: status, DuplicateOf: dupOf}
		if k < len(r.IDs) {
			res.ID = r.IDs[k]
		}
		if r.BatchErr != nil {
			res.Error = IndexErrorMessage
		}
		out = append(out, res)
	}
	s.metrics.ingested.WithLabelValues(status).Inc()
	if status == StatusCreated {
		s.metrics.documents.Add(float64(len(r.Docs)))
	}
	return out
}

// docRef names the first stored document of ids (a duplicate's original).
func (s *Server) docRef(ctx context.Context, ids []string) *DocRef {
	if len(ids) == 0 {
		return nil
	}
	d, err := s.corpus.Get(ctx, ids[0])
	if err != nil {
		return &DocRef{ID: ids[0]}
	}
	return &DocRef{ID: d.ID, Source: d.Source, Part: d.Part}
}

// IndexErrorMessage is what a client reads when its file was stored but
// the search index or reuse update after it failed.
const IndexErrorMessage = "已保存，但检索索引或查重结果未能更新，将在下次启动时修复 (stored; the search index or reuse update failed and is repaired at the next start)"

// StoreErrorMessage is what a user reads when the store refused a file:
// the store's own Chinese message for invalid input, a plain reason for a
// full or read-only disk, else a generic message. The store's detail (SQL,
// paths) goes to the log only. planmine ingest prints the same texts.
func StoreErrorMessage(err error) string {
	var se *corpus.SpaceError
	switch {
	case errors.Is(err, corpus.ErrInvalid), errors.Is(err, corpus.ErrNotFound):
		return err.Error()
	case errors.As(err, &se):
		return "保存失败，文件未导入：" + se.Error() + " (could not store the file; nothing of it was stored)"
	case corpus.IsNoSpace(err):
		return "保存失败，文件未导入：磁盘空间不足；请清理磁盘后重新上传 (could not store the file: no space left on the disk; nothing of it was stored — free some space and send it again)"
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return "保存失败：数据目录不可写 (could not store the file: the data directory is not writable)"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "保存中断，文件未导入 (storing was interrupted; the file was not ingested)"
	}
	return "保存失败，文件未导入；详情见服务日志 (could not store the file; it was not ingested — details are in the server log)"
}

func (s *Server) failed(name string, err error) Result {
	s.metrics.ingested.WithLabelValues(StatusFailed).Inc()
	_, code := classify(err)
	s.log.Info("文件导入失败 (file not ingested)", "source", name, "err", err)
	msg := err.Error()
	if code == CodeInternal {
		// A reader or extractor bug: its detail is in the log.
		msg = name + ": 导入失败，详情见服务日志 (ingest failed; details are in the server log)"
	}
	return Result{Source: name, Status: StatusFailed, Error: msg, Code: code}
}

// uploadStatus chooses the status of a finished synchronous upload: 201
// when anything was created, 200 when everything was already there, and
// when every file failed the status of the most telling failure (415 if
// all were unsupported, 413 if all too large, else 422); 507 whenever a
// file was refused because the disk is full.
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
	case codes[CodeNoSpace] > 0:
		// The client must learn that the disk is full even when some files
		// went in before it filled; sending the batch again is safe, what
		// was stored comes back as duplicates.
		return http.StatusInsufficientStorage
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
	if asJob && s.shared != nil {
		s.enqueueShared(c, b)
		return
	}
	var jobID string
	if asJob {
		if jobID, err = s.jobs.Enqueue(c.Request.Context(), jobFiles(files), b.total); err != nil {
			s.writeError(c, err)
			return
		}
		b.run = s.newRun(jobID, b.total, false, nil, nil)
	}
	if err := s.enqueue(b); err != nil {
		if m, ok := s.jobs.(*memJobs); ok && jobID != "" {
			m.remove(jobID)
		}
		c.Header("Retry-After", "5")
		s.writeError(c, err)
		return
	}
	if jobID != "" {
		c.Header("Location", "/api/v1/jobs/"+jobID)
		c.JSON(http.StatusAccepted, gin.H{"job": jobID, "total": b.total})
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

// enqueueShared records a job in the shared queue, for any server's job
// workers, and wakes this server's.
func (s *Server) enqueueShared(c *gin.Context, b *batch) {
	s.mu.RLock()
	closing := s.closing
	s.mu.RUnlock()
	if closing {
		s.writeError(c, errClosing)
		return
	}
	id, err := s.jobs.Enqueue(c.Request.Context(), jobFiles(b.files), b.total)
	if errors.Is(err, corpus.ErrQueueFull) {
		c.Header("Retry-After", "5")
		s.writeError(c, errQueueFull)
		return
	}
	if err != nil {
		s.log.Error("任务无法入队 (job not queued)", "err", err)
		s.writeError(c, newError(http.StatusServiceUnavailable, CodeUnavailable, "任务无法入队，请稍后重试 (the job could not be queued; retry later)"))
		return
	}
	select {
	case s.jobWake <- struct{}{}:
	default:
	}
	c.Header("Location", "/api/v1/jobs/"+id)
	c.JSON(http.StatusAccepted, gin.H{"job": id, "total": b.total})
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
