package analytics_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
)

// Properties of attribution on 300 synthetic accounts, for several
// conversions, weights and lookbacks: every model's credits are
// non-negative and add up to TotalCredit, shares add up to 1, the rollups
// add up to the same total, Markov removal effects lie in [0, 1], and a
// second run gives the identical report.
func TestAttributeSyntheticProperties(t *testing.T) {
	journeys := synthetic(t, 300)
	catalog := seed.TouchpointTypes
	cases := []analytics.AttributionOptions{
		{Conversion: journey.Outcome{StageKey: "customer"}},
		{Conversion: journey.Outcome{StageKey: "customer"}, Weight: analytics.WeightARR},
		{Conversion: journey.Outcome{StageKey: "opportunity"}, Lookback: 30 * 24 * time.Hour, HalfLife: 3 * 24 * time.Hour},
		{Conversion: journey.Outcome{TypeKey: "contract_signature"}, Weight: analytics.WeightARR},
		{Conversion: journey.Outcome{StageKey: "churned"}},
	}
	for _, opt := range cases {
		rep := analytics.Attribute(journeys, catalog, opt)
		if rep.Journeys != 300 || rep.Conversions == 0 || rep.TotalCredit <= 0 {
			t.Fatalf("%+v: totals %+v: the case should convert", opt, rep)
		}
		close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, b) }
		for _, m := range rep.Models {
			var sum, shares, cats, chans float64
			for _, c := range m.Credits {
				if c.Credit < 0 || c.Share < 0 {
					t.Errorf("%+v %s: negative %+v", opt, m.Model, c)
				}
				sum += c.Credit
				shares += c.Share
			}
			for _, c := range m.Categories {
				cats += c.Credit
			}
			for _, c := range m.Channels {
				chans += c.Credit
			}
			if !close(sum, rep.TotalCredit) || !close(shares, 1) || !close(cats, rep.TotalCredit) || !close(chans, rep.TotalCredit) {
				t.Errorf("%+v %s: credits %v, shares %v, categories %v, channels %v; total %v",
					opt, m.Model, sum, shares, cats, chans, rep.TotalCredit)
			}
			if m.Model == analytics.Markov {
				if m.Markov.ConversionProbability <= 0 || m.Markov.ConversionProbability > 1 {
					t.Errorf("%+v: conversion probability %v", opt, m.Markov.ConversionProbability)
				}
				for _, e := range m.Markov.RemovalEffects {
					if e.RemovalEffect < 0 || e.RemovalEffect > 1 || e.ConversionProbabilityWithout > m.Markov.ConversionProbability+1e-12 {
						t.Errorf("%+v: removal effect %+v", opt, e)
					}
				}
			}
		}
		if again := analytics.Attribute(journeys, catalog, opt); !reflect.DeepEqual(again, rep) {
			t.Errorf("%+v: a second run differs", opt)
		}
	}
}

// Next-best properties on synthetic data: probabilities add up to 1 over all
// candidates, reach probabilities lie in [0, 1], observations add up to the
// context's, the account itself is never counted, and runs repeat exactly.
func TestNextBestTouchpointsSyntheticProperties(t *testing.T) {
	journeys := synthetic(t, 300)
	for _, idx := range []int{0, 7, 42} {
		j := journeys[idx]
		var history []string
		for _, s := range j.Steps[:len(j.Steps)/2] {
			history = append(history, s.TypeKey)
		}
		opt := analytics.NextTouchpointOptions{AccountID: j.AccountID, History: history, TargetStage: "customer"}
		got := analytics.NextBestTouchpoints(journeys, opt)
		if got.ReferenceJourneys != 299 || len(got.Candidates) == 0 {
			t.Fatalf("account %s: %+v", j.AccountID, got)
		}
		var p float64
		seen := 0
		for _, c := range got.Candidates {
			p += c.Probability
			seen += c.Observations
			if c.ReachProbability < 0 || c.ReachProbability > 1 || c.Reached > c.Observations {
				t.Errorf("candidate %+v", c)
			}
		}
		if math.Abs(p-1) > 1e-9 || seen != got.ContextObservations {
			t.Errorf("account %s: probabilities add to %v, observations %d of %d", j.AccountID, p, seen, got.ContextObservations)
		}
		// Dropping the account from the input changes nothing: it was never counted.
		others := append(append([]journey.ObservedJourney{}, journeys[:idx]...), journeys[idx+1:]...)
		if again := analytics.NextBestTouchpoints(others, opt); !reflect.DeepEqual(again, got) {
			t.Errorf("account %s: its own journey was counted", j.AccountID)
		}
	}
}

func BenchmarkAttributeAllModels(b *testing.B) {
	journeys := benchData(b)
	steps := stepCount(journeys)
	opt := analytics.AttributionOptions{Conversion: journey.Outcome{StageKey: "customer"}, Weight: analytics.WeightARR}
	for i := 0; i < b.N; i++ {
		analytics.Attribute(journeys, seed.TouchpointTypes, opt)
	}
	b.ReportMetric(float64(steps), "steps")
}

func BenchmarkAttributeMarkovOnly(b *testing.B) {
	journeys := benchData(b)
	opt := analytics.AttributionOptions{Conversion: journey.Outcome{StageKey: "customer"}, Models: []analytics.AttributionModel{analytics.Markov}}
	for i := 0; i < b.N; i++ {
		analytics.Attribute(journeys, seed.TouchpointTypes, opt)
	}
}

func BenchmarkNextBestTouchpoints(b *testing.B) {
	journeys := benchData(b)
	steps := stepCount(journeys)
	opt := analytics.NextTouchpointOptions{AccountID: journeys[0].AccountID, History: []string{"demo"}, TargetStage: "customer", First: 5}
	for i := 0; i < b.N; i++ {
		analytics.NextBestTouchpoints(journeys, opt)
	}
	b.ReportMetric(float64(steps), "steps")
}
