package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where the figures were taken; the load average at
// start and end says how busy the (shared) machine was.
type Machine struct {
	Cores      int     `json:"cores"`
	CPU        string  `json:"cpu"`
	MemTotalGB float64 `json:"mem_total_gb"`
	MemAvailGB float64 `json:"mem_avail_gb"`
	LoadStart  string  `json:"load_start"`
	LoadEnd    string  `json:"load_end"`
	Go         string  `json:"go"`
}

func (m Machine) String() string {
	return fmt.Sprintf("%d cores (%s), %.1f GB memory (%.1f GB available), load average %s, %s",
		m.Cores, m.CPU, m.MemTotalGB, m.MemAvailGB, m.LoadStart, m.Go)
}

func readMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), LoadStart: loadAvg()}
	mem := procFields("/proc/meminfo", ":")
	m.MemTotalGB = kbToGB(mem["MemTotal"])
	m.MemAvailGB = kbToGB(mem["MemAvailable"])
	m.CPU = procFields("/proc/cpuinfo", ":")["model name"]
	return m
}

// loadAvg is the 1, 5 and 15 minute load average.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	fs := strings.Fields(string(b))
	if len(fs) < 3 {
		return "?"
	}
	return strings.Join(fs[:3], " ")
}

// procFields reads "key: value" lines (first occurrence of each key).
func procFields(path, sep string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), sep)
		k = strings.TrimSpace(k)
		if _, seen := out[k]; ok && !seen {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

// kbToGB parses "23456 kB" as GB.
func kbToGB(s string) float64 {
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return 0
	}
	kb, _ := strconv.ParseFloat(fs[0], 64)
	return kb / (1 << 20)
}
