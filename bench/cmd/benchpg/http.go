package main

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/planmine/planmine/internal/searchbench"
)

// httpResult is the whole path through `planmine serve`: a restart on
// the index the side's child left, then the same search and list queries
// as HTTP GETs (wall time at the client; server CPU per query from
// /proc/PID/stat).
type httpResult struct {
	ReadySec float64            `json:"ready_sec"` // exec to the first /readyz 200
	PeakMB   float64            `json:"server_peak_mb"`
	Search   map[string]latency `json:"search"`
	Lists    map[string]latency `json:"lists"`
}

// measureHTTP starts bin serve on the side's data and queries it.
func measureHTTP(ctx context.Context, cfg config, bin, side, dir string) (httpResult, error) {
	res := httpResult{Search: map[string]latency{}, Lists: map[string]latency{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--addr", addr, "--data", dir}
	if side == "postgres" {
		args = append(args, "--db", cfg.DSN)
	}
	logf, err := os.Create(filepath.Join(cfg.Work, "serve-"+side+".log"))
	if err != nil {
		return res, err
	}
	defer logf.Close()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	t := time.Now()
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	base := "http://" + addr + "/api/v1"
	client := &http.Client{Timeout: 60 * time.Second}
	for {
		resp, err := client.Get("http://" + addr + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(t) > 2*time.Hour {
			return res, fmt.Errorf("serve %s not ready after 2 h", side)
		}
		time.Sleep(50 * time.Millisecond)
	}
	res.ReadySec = time.Since(t).Seconds()
	fmt.Fprintf(os.Stderr, "%s: serve ready in %.1f s\n", side, res.ReadySec)
	pid := cmd.Process.Pid
	get := func(path string, v url.Values) (time.Duration, time.Duration, error) {
		c0 := procCPU(pid)
		t := time.Now()
		resp, err := client.Get(base + path + "?" + v.Encode())
		if err != nil {
			return 0, 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		wall := time.Since(t)
		if resp.StatusCode != http.StatusOK {
			return 0, 0, fmt.Errorf("GET %s?%s: %s", path, v.Encode(), resp.Status)
		}
		return wall, procCPU(pid) - c0, err
	}
	for _, kind := range searchbench.Kinds {
		r := rand.New(rand.NewSource(42))
		var wall, cpu []time.Duration
		for k := 0; k < cfg.Runs; k++ {
			w, c, err := get("/search", url.Values{"q": {searchbench.Query(kind, r)}})
			if err != nil {
				return res, err
			}
			wall, cpu = append(wall, w), append(cpu, c)
		}
		res.Search[kind] = summarise(wall, cpu, 0)
	}
	for _, kind := range listKinds {
		r := rand.New(rand.NewSource(43))
		var wall, cpu []time.Duration
		for k := 0; k < cfg.ListRuns; k++ {
			q := listRequest(kind, r)
			path := "/documents"
			if q.targets {
				path = "/targets"
			}
			w, c, err := get(path, q.params)
			if err != nil {
				return res, err
			}
			wall, cpu = append(wall, w), append(cpu, c)
		}
		res.Lists[kind] = summarise(wall, cpu, 0)
	}
	res.PeakMB = procHWM(pid)
	return res, nil
}

// procCPU is a process's user+system time from /proc/PID/stat (clock
// ticks of 10 ms: a single fast query reads 0, the percentiles over
// hundreds of queries are still meaningful only as a mean).
func procCPU(pid int) time.Duration {
	f := statFields(pid)
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// procHWM is a process's peak RSS in MB.
func procHWM(pid int) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// groupCPU is the CPU time of a server and its children (the
// PostgreSQL postmaster pgtest started and its backends): the live ones'
// user+system time plus the leader's reaped children's (exited backends).
// 10 ms ticks; 0 when leader is 0.
func groupCPU(leader int) time.Duration {
	if leader == 0 {
		return 0
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var ticks int64
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		f := statFields(pid)
		if len(f) < 15 {
			continue
		}
		if ppid, _ := strconv.Atoi(f[1]); pid != leader && ppid != leader {
			continue
		}
		for _, k := range []int{11, 12} {
			v, _ := strconv.ParseInt(f[k], 10, 64)
			ticks += v
		}
		if pid == leader {
			for _, k := range []int{13, 14} {
				v, _ := strconv.ParseInt(f[k], 10, 64)
				ticks += v
			}
		}
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// statFields are the fields of /proc/PID/stat after the command name
// (state first).
func statFields(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	return strings.Fields(s)
}
