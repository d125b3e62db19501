"""Batch runs: walk a folder, extract in worker processes (or on a Dask cluster), write to the store."""
