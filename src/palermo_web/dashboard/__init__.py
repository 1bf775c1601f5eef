"""The dashboard of a reference period: charts drawn from a run's stored summary."""
