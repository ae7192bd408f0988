// Package analytics computes the observed-journey analyses — path variants,
// touchpoint linkages, the stage funnel, attribution, next best touchpoint —
// as pure functions over journey.ObservedJourney values read by the store.
// Nothing here does I/O, so every analysis is tested on journeys built by hand.
package analytics
