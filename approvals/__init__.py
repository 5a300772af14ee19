"""The mobile approval web app (FastAPI + Jinja): one-time links, GET shows, POST decides."""
