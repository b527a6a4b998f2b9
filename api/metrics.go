package api

import (
	"github.com/planmine/planmine/corpus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the Prometheus series the server exports at /metrics.
type metrics struct {
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	ingested   *prometheus.CounterVec
	documents  prometheus.Counter
	queueDepth prometheus.Gauge
	stages     *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer, _ func() float64) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planmine_http_requests_total",
			Help: "HTTP requests by route template, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "planmine_http_request_duration_seconds",
			Help:    "HTTP request latency by route template, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planmine_ingest_files_total",
			Help: "Uploaded files by outcome (created, duplicate, failed).",
		}, []string{"status"}),
		documents: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "planmine_ingest_documents_total",
			Help: "Documents created by uploads.",
		}),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "planmine_ingest_queue_depth",
			Help: "Ingest batches waiting for a worker.",
		}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "planmine_ingest_stage_seconds",
			Help:    "Time per stored upload batch by stage: lock (the shared write lock and catching up with other replicas), store, reuse (the new documents' reuse query), index.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"stage"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.ingested, m.documents, m.queueDepth, m.stages} {
		// A caller-supplied registry may already hold a series of the same
		// name (two servers on the default registry); keep going without it.
		_ = reg.Register(c)
	}
	_ = reg.Register(collectors.NewGoCollector())
	return m
}

// observeBatches feeds c's upload batch stage times into the stage
// histogram.
func (m *metrics) observeBatches(c *corpus.Corpus) {
	c.ObserveBatches(func(bt corpus.BatchTimes) {
		m.stages.WithLabelValues("lock").Observe(bt.Lock.Seconds())
		m.stages.WithLabelValues("store").Observe(bt.Store.Seconds())
		m.stages.WithLabelValues("reuse").Observe(bt.Reuse.Seconds())
		m.stages.WithLabelValues("index").Observe(bt.Index.Seconds())
	})
}
