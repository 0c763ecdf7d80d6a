"""The only door for writes: validate → moderate → write → audit → notify."""
