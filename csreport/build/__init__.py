"""The build layer: executing notebooks in parallel into the execution cache (`execute`), deciding
what is stale from what each execution read (`cache`), the edition (`edition`) and the
distribution zip (`dist`). `python -m csreport.build` runs the executor."""
