"""Use cases. Every service is a sync function taking the unit of work; services are the only
place where transactions run and commit."""
