package corpus

import (
	"errors"
	"time"
)

// Job states: queued until a worker claims it, running while one holds
// its lease, then done (every file has its result) or failed (given up
// after too many attempts: a replica died on it each time).
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// ErrJobNotFound is returned for a job id no queue holds.
var ErrJobNotFound = errors.New("任务不存在 (job not found)")

// ErrJobLost is returned to a worker whose job another worker holds now:
// its lease expired and the job was claimed again. The worker stops.
var ErrJobLost = errors.New("任务已由其他实例接手 (job claimed by another worker)")

// ErrQueueFull is returned by a shared job queue that already holds its
// limit of unfinished jobs; the API answers 429 queue_full.
var ErrQueueFull = errors.New("导入队列已满，请稍后重试 (ingest queue is full, retry later)")

// JobFile is one uploaded file of a job, as received.
type JobFile struct {
	Name string
	Data []byte
	// TooLarge marks a file refused while the upload was read (over the
	// per-file cap); Data is then empty.
	TooLarge bool
}

// Job is an upload processed in the background, as a job queue keeps it.
type Job struct {
	ID    string
	State string
	// Files are the upload's files; only a claimed job carries them.
	Files []JobFile
	// Total is the planned file count (zip members counted), Done the
	// files with results, Failed those that failed.
	Total, Done, Failed int
	// Results is the JSON array of the results so far, in upload order.
	Results []byte
	// Created are the ids of the documents this job stored, over all its
	// attempts: a re-run finds them as duplicates of itself.
	Created []string
	// Owner holds the job until LeaseUntil; Attempt counts the claims.
	Owner      string
	LeaseUntil time.Time
	Attempt    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// JobProgress is what a worker reports as files finish: the counts so far,
// the results of the files finished since the last report (a JSON array)
// and the ids of the documents they stored.
type JobProgress struct {
	Done, Total, Failed int
	Results             []byte
	Created             []string
}
