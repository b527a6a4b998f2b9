package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestServer(t *testing.T) {
	dsn := DSN(t)
	conn := connect(t, dsn)
	ctx := context.Background()
	var db, enc string
	if err := conn.QueryRow(ctx, `SELECT current_database(), pg_encoding_to_char(encoding) FROM pg_database
		WHERE datname=current_database()`).Scan(&db, &enc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(db, fmt.Sprintf("t_%d_", os.Getpid())) || enc != "UTF8" {
		t.Errorf("database %s encoding %s, want t_%d_N UTF8", db, enc, os.Getpid())
	}
	if os.Getenv(EnvDSN) != "" {
		return // a server of someone else's: its settings are theirs
	}
	var fsync, listen string
	if err := conn.QueryRow(ctx, `SELECT current_setting('fsync'), current_setting('listen_addresses')`).Scan(&fsync, &listen); err != nil {
		t.Fatal(err)
	}
	if fsync != "off" || listen != "127.0.0.1" {
		t.Errorf("fsync=%s listen_addresses=%s, want off and 127.0.0.1", fsync, listen)
	}
	if os.Geteuid() == 0 {
		out, err := exec.Command("ps", "-o", "user=", "-p", strconv.Itoa(srv.Pid)).Output()
		if err != nil {
			t.Fatal(err)
		}
		if u := strings.TrimSpace(string(out)); u != "postgres" {
			t.Errorf("postmaster runs as %q, want postgres", u)
		}
	}
}

// Each test gets its own database, and it is gone when the test ends.
func TestDatabasePerTest(t *testing.T) {
	var names []string
	for i := range 2 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			conn := connect(t, DSN(t))
			ctx := context.Background()
			var name string
			if err := conn.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
			var n int
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename='probe'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s: table of an earlier test visible", name)
			}
			if _, err := conn.Exec(ctx, `CREATE TABLE probe (x int)`); err != nil {
				t.Fatal(err)
			}
			// Left open on purpose: the drop must not wait for it.
			if _, err := pgx.Connect(ctx, DSN(t)); err != nil {
				t.Fatal(err)
			}
		})
	}
	if len(names) != 2 || names[0] == names[1] {
		t.Fatalf("databases %v, want two different", names)
	}
	admin, err := adminDSN()
	if err != nil {
		t.Fatal(err)
	}
	conn := connect(t, admin)
	var left int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_database WHERE datname = ANY($1)`, names).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d of %v not dropped", left, names)
	}
}

func TestWithDatabase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u:p@h:5/db?sslmode=disable", "postgres://u:p@h:5/t_1?sslmode=disable"},
		{"postgresql://h/", "postgresql://h/t_1"},
		{"host=h port=5 dbname=db", "host=h port=5 dbname=db dbname=t_1"},
	} {
		got, err := withDatabase(c.in, "t_1")
		if err != nil || got != c.want {
			t.Errorf("withDatabase(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		cfg, err := pgx.ParseConfig(got)
		if err != nil || cfg.Database != "t_1" {
			t.Errorf("%q parses to database %q, %v", got, cfg.Database, err)
		}
	}
}

// helper is the test a child test binary runs for the tests below.
const helperEnv = "PGTEST_HELPER"

func TestHelper(t *testing.T) {
	switch os.Getenv(helperEnv) {
	case "":
		t.Skip("run by the tests below in a child process")
	case "panic":
		DSN(t)
		out := fmt.Sprintf("%d\n%s\n", srv.Pid, srv.Dir)
		if err := os.WriteFile(os.Getenv("PGTEST_OUT"), []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		panic("test panics with the server running")
	case "use":
		DSN(t)
	}
}

func child(t *testing.T, env ...string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelper$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// A test binary that panics leaves no server running, and the next start
// removes the directory it left.
func TestPanicLeavesNoServer(t *testing.T) {
	if os.Getenv(EnvDSN) != "" {
		t.Skip("uses " + EnvDSN + ": starts no server")
	}
	DSN(t) // skips without binaries
	// Orphans of the child come to this process, which reaps them, rather
	// than to an init that may not (a container's): no zombie is left.
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		t.Fatal(errno)
	}
	defer syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 0, 0)
	outFile := filepath.Join(t.TempDir(), "server")
	out, err := child(t, helperEnv+"=panic", "PGTEST_OUT="+outFile)
	if err == nil || !strings.Contains(out, "test panics with the server running") {
		t.Fatalf("child did not panic: %v\n%s", err, out)
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("child wrote no server: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	pid, _ := strconv.Atoi(lines[0])
	dir := lines[1]
	deadline := time.Now().Add(30 * time.Second)
	for running(pid) || len(processesIn(dir)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("postmaster %d or processes %v still running 30 s after the test binary died", pid, processesIn(dir))
		}
		time.Sleep(100 * time.Millisecond)
	}
	var ws syscall.WaitStatus
	syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the dead binary's directory %s should still be there for the sweep: %v", dir, err)
	}
	sweep()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sweep left %s: %v", dir, err)
	}
}

const prSetChildSubreaper = 36 // PR_SET_CHILD_SUBREAPER

// running is false for a gone or zombie process (a container's init may
// not reap the orphaned postmaster at once).
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}

// processesIn lists the live processes whose command line names dir.
func processesIn(dir string) []int {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var out []int
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(dir)) {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if running(pid) {
			out = append(out, pid)
		}
	}
	return out
}

// Without binaries the tests skip, or fail when PostgreSQL is required.
func TestMissingBinaries(t *testing.T) {
	bin := EnvBinDir + "=" + filepath.Join(t.TempDir(), "none")
	out, err := child(t, helperEnv+"=use", EnvDSN+"=", EnvRequire+"=", bin)
	if err != nil || !strings.Contains(out, "--- SKIP: TestHelper") || !strings.Contains(out, "scripts/pg.sh") {
		t.Errorf("not required: want a skip naming scripts/pg.sh, got %v\n%s", err, out)
	}
	out, err = child(t, helperEnv+"=use", EnvDSN+"=", EnvRequire+"=1", bin)
	if err == nil || !strings.Contains(out, "--- FAIL: TestHelper") || !strings.Contains(out, "PostgreSQL required") {
		t.Errorf("required: want a failure, got %v\n%s", err, out)
	}
}
