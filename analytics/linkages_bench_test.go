package analytics

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// benchJourneys builds n journeys of about stepsEach steps over typeCount
// interned type keys, at increasing times, from a fixed seed: the shape of
// the 10M-touchpoint data set (65,000 journeys of ~150 steps).
func benchJourneys(n, stepsEach, typeCount int) ([]journey.ObservedJourney, map[string]string) {
	r := rand.New(rand.NewPCG(16, 10))
	keys := make([]string, typeCount)
	departments := map[string]string{}
	for i := range keys {
		keys[i] = fmt.Sprintf("type-%02d", i)
		departments[keys[i]] = fmt.Sprintf("dept-%d", i%8)
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	js := make([]journey.ObservedJourney, n)
	for i := range js {
		steps := make([]journey.JourneyStep, stepsEach/2+r.IntN(stepsEach))
		at := base.Add(time.Duration(r.IntN(1_000_000)) * time.Second)
		for k := range steps {
			at = at.Add(time.Duration(r.IntN(86_400)) * time.Second)
			steps[k] = journey.JourneyStep{TypeKey: keys[r.IntN(typeCount)], At: at}
		}
		js[i] = journey.ObservedJourney{ID: fmt.Sprintf("j%d", i), Steps: steps}
	}
	return js, departments
}

func BenchmarkLinkagesTenMillion(b *testing.B) {
	js, _ := benchJourneys(65_000, 150, 40)
	for _, c := range []struct {
		name string
		o    LinkageOptions
	}{
		{"plain", LinkageOptions{Top: 50}},
		{"outcome", LinkageOptions{Top: 50, Outcome: &journey.Outcome{TypeKey: "type-07"}}},
		// Every link picked: the gaps of all ~10M transitions.
		{"all", LinkageOptions{Top: 1 << 30}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				LinkagesOf(js, c.o)
			}
		})
		// The same on one goroutine: what the split over the cores adds.
		b.Run(c.name+"_one_goroutine", func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				linkagesOf(js, c.o, 1)
			}
		})
	}
}

func BenchmarkDepartmentHandoffsTenMillion(b *testing.B) {
	js, departments := benchJourneys(65_000, 150, 40)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		DepartmentHandoffsOf(js, HandoffOptions{Departments: departments})
	}
}

func BenchmarkDepartmentHandoffsTenMillionOneGoroutine(b *testing.B) {
	js, departments := benchJourneys(65_000, 150, 40)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		departmentHandoffsOf(js, HandoffOptions{Departments: departments}, 1)
	}
}

// reportCPU reports the process's CPU time (user and system, every thread,
// the garbage collector's included) per iteration from now until the
// returned function is called: on shared cores it varies far less with the
// load than the elapsed time does.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
