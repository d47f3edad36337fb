"""The build layer: the one executor, which runs what is stale in parallel into the execution
cache and on request writes outputs back into the notebooks (`execute`, `python -m csreport.build`),
deciding what is stale from what each execution read and keeping what it wrote (`cache`), where a
kernel's time goes (`profile`, for `make bench`), the edition (`edition`) and the distribution zip
(`dist`)."""
