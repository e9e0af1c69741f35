package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server serves /healthz and /metrics on http.listen. Keep it on a private
// address (the default is 127.0.0.1:9090): the health details name the
// database file and the metrics are for the operator, not the public.
type Server struct {
	Health *Health
	// Metrics is what /metrics serves: (*Metrics).Registry, whose Go and
	// process collectors come along.
	Metrics prometheus.Gatherer
	Log     *slog.Logger

	srv    *http.Server
	ln     net.Listener
	served chan error
}

// Handler returns the routes: GET /healthz answers 200 with a JSON report
// when every check passes and 503 naming what is wrong otherwise; GET
// /metrics answers the Prometheus exposition format (text, or what the
// scraper's Accept header asks for) through client_golang's promhttp.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "duban: /healthz /metrics")
	})
	return mux
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	rep := s.Health.Check(r.Context())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !rep.OK() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(rep)
}

// metricsHandler serves s.Metrics. A collector that fails (the process
// collector where /proc is missing) is logged and left out of the page,
// rather than failing the whole scrape.
func (s *Server) metricsHandler() http.Handler {
	opts := promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}
	if s.Log != nil {
		opts.ErrorLog = slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn)
	}
	h := promhttp.HandlerFor(s.Metrics, opts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// Start listens on addr and serves in the background until Shutdown. A
// listen failure (address in use) is returned at once.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("http.listen: %w", err)
	}
	s.StartOn(ln)
	return nil
}

// StartOn serves on ln; tests pass their own listener.
func (s *Server) StartOn(ln net.Listener) {
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	s.served = make(chan error, 1)
	go func() { s.served <- s.srv.Serve(ln) }()
	if s.Log != nil {
		s.Log.Info("health and metrics listening", "addr", ln.Addr().String())
	}
}

// Addr returns the address served, once started.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Shutdown stops listening and waits (within ctx) for the requests in
// flight.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if serr := <-s.served; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	s.srv = nil
	return err
}
