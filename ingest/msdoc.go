package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/planmine/planmine/ingest/raw"
)

// Legacy Word 97-2003 (.doc) is read by Debian's catdoc, with antiword as a
// second try (research note deps.md: both give exact text on LibreOffice
// output). Both need a UTF-8 output charset named explicitly, or every CJK
// character becomes '?'. The argv is fixed; only our temp file path varies.

// docTool is one external converter.
type docTool struct {
	name string
	args func(path string) []string
}

var docTools = []docTool{
	{"catdoc", func(p string) []string { return []string{"-w", "-d", "utf-8", p} }},
	// -w 0: no wrapping (antiword wraps at ~76 columns by default).
	{"antiword", func(p string) []string { return []string{"-w", "0", "-m", "UTF-8.txt", p} }},
}

// readDOC converts a .doc through the first available tool that succeeds.
func readDOC(ctx context.Context, name string, data []byte, opt Options) ([]raw.Para, []string, error) {
	var avail []docTool
	for _, t := range docTools {
		if _, err := exec.LookPath(t.name); err == nil {
			avail = append(avail, t)
		}
	}
	if len(avail) == 0 {
		return nil, nil, fmt.Errorf("%s: %w: .doc 需要安装 catdoc (install catdoc)", name, ErrUnsupported)
	}
	tmp, err := os.CreateTemp("", "planmine-*.doc")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: 无法创建临时文件 (cannot create temp file): %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return nil, nil, fmt.Errorf("%s: 无法写入临时文件 (cannot write temp file): %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return nil, nil, fmt.Errorf("%s: 无法写入临时文件 (cannot write temp file): %w", name, err)
	}
	var warnings []string
	var errs []string
	for i, t := range avail {
		out, err := runTool(ctx, t, tmp.Name(), opt)
		if err == nil {
			paras := splitLines(out)
			if len(paras) > 0 {
				if i > 0 {
					warnings = append(warnings, fmt.Sprintf("%s 失败，改用 %s (%s failed, used %s)", avail[0].name, t.name, avail[0].name, t.name))
				}
				return paras, warnings, nil
			}
			err = errors.New("没有输出 (no output)")
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, ctx.Err())
		}
		errs = append(errs, t.name+": "+err.Error())
	}
	return nil, nil, fmt.Errorf("%s: %w: 无法转换 .doc (cannot convert .doc): %s", name, ErrCorrupt, strings.Join(errs, "; "))
}

func runTool(ctx context.Context, t docTool, path string, opt Options) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.ToolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.name, t.args(path)...)
	cmd.Env = []string{"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PATH=" + os.Getenv("PATH")}
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &stdout, max: opt.MaxSize * 4}
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: 4096}
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg != "" {
			return "", fmt.Errorf("%v: %s", err, msg)
		}
		return "", err
	}
	out := stdout.Bytes()
	out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	return string(out), nil
}

// limitedBuffer keeps at most max bytes, dropping the rest, so a runaway
// converter cannot exhaust memory.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int64
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if rest := l.max - int64(l.buf.Len()); rest > 0 {
		if int64(len(p)) > rest {
			l.buf.Write(p[:rest])
		} else {
			l.buf.Write(p)
		}
	}
	return len(p), nil
}
