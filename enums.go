package cekura

import "slices"

// Valid methods of the enums whose values are listed elsewhere: each
// reports whether its value is one the API documents (or empty, where the
// field may be left unset). They check values before sending; a value the
// API sends is decoded whatever it is, so that a new one does not fail.

// Valid reports whether s is one of the API's call statuses (or empty).
func (s CallStatus) Valid() bool {
	switch s {
	case "", CallStatusEvaluating, CallStatusSuccess, CallStatusFailure, CallStatusReviewedSuccess, CallStatusReviewedFailure:
		return true
	}
	return false
}

// Valid reports whether t is one of the transcript formats the API reads
// (or empty: TranscriptTypeCekura).
func (t TranscriptType) Valid() bool { return t == "" || slices.Contains(transcriptTypes, t) }

// Valid reports whether t is one of the transports this SDK starts tests on
// (or empty: TransportVoice).
func (t Transport) Valid() bool {
	_, ok := startPaths[t]
	return t == "" || ok
}

// Valid reports whether s is one of the states of a provider import.
func (s ImportStatus) Valid() bool {
	return s == ImportStatusInProgress || s == ImportStatusCompleted || s == ImportStatusFailed
}

// Valid reports whether t is one of the ways Cekura serves mock tools.
func (t ServedViaType) Valid() bool { return t == ServedViaTypeDirect || t == ServedViaTypeMCP }

// Valid reports whether f is one of the API's tag filters (or empty).
func (f TagFilter) Valid() bool {
	return f == "" || f == TagFilterOr || f == TagFilterAnd || f == TagFilterNot
}

// Valid reports whether k is one of the API's generation kinds (or empty:
// GenerationKindWorkflow).
func (k GenerationKind) Valid() bool {
	return k == "" || k == GenerationKindWorkflow || k == GenerationKindRedTeamingVoice || k == GenerationKindRedTeamingText
}

// Valid reports whether s is one of the states of a result's AI summary
// (or empty: the API did not send it).
func (s AISummaryStatus) Valid() bool {
	switch s {
	case "", AISummaryStatusCompleted, AISummaryStatusPending, AISummaryStatusSkippedNoFailures:
		return true
	}
	return false
}
