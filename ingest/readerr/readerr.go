// Package readerr holds the sentinel errors every reader wraps, so that
// callers (CLI exit codes, HTTP statuses) can branch on them with errors.Is.
package readerr

import "errors"

var (
	// ErrUnsupported: the format is not one planmine reads.
	ErrUnsupported = errors.New("不支持的格式 (unsupported format)")
	// ErrCorrupt: the file claims a format but its content is damaged, truncated or encrypted.
	ErrCorrupt = errors.New("文件已损坏或无法解析 (corrupt or unreadable file)")
	// ErrTooLarge: the file, or what it expands to, exceeds a size limit.
	ErrTooLarge = errors.New("文件过大 (file too large)")
	// ErrNoText: the file holds no readable text (empty, binary, scanned).
	ErrNoText = errors.New("没有可读取的文本 (no readable text)")
)
