// Package anyof tests a string against a list of words: does it contain,
// start with or end with any of them. The rule tables of the cleaning and
// analysis packages are such lists.
package anyof

import "strings"

// Contains reports whether s contains any of words.
func Contains(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Prefix reports whether s starts with any of words.
func Prefix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// Suffix reports whether s ends with any of words.
func Suffix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}
