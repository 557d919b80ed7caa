package locksmith

// TryEach runs attempt with the current value, then with the previous one, and returns the
// first success: for the overlap of a dual-key rotation (verify a JWT signed with either key,
// decrypt data sealed with either). When both fail, the current version's error is returned:
// it is the one that matters once the overlap ends. Sign or encrypt with Current only.
func TryEach[T, R any](versions TypedVersions[T], attempt func(value T, versionID string) (R, error)) (R, error) {
	result, err := attempt(versions.Current.Value, versions.Current.ID)
	if err == nil || versions.Previous == nil {
		return result, err
	}
	if previous, perr := attempt(versions.Previous.Value, versions.Previous.ID); perr == nil {
		return previous, nil
	}
	return result, err
}
