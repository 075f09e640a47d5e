# The production image: gunicorn web, Celery worker and beat share it.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DJANGO_ENV=production
WORKDIR /app
COPY pyproject.toml README.md ./
COPY fostercare fostercare
COPY cases cases
COPY families families
COPY supervision supervision
COPY hotline hotline
RUN pip install .
COPY . .
RUN pybabel compile --domain django --directory locale \
 && SECRET_KEY=collectstatic ALLOWED_HOSTS=localhost DATABASE_URL=postgres://x@localhost/x \
    REDIS_URL=redis://localhost python manage.py collectstatic --no-input
RUN useradd --create-home app
USER app
EXPOSE 8000
CMD ["gunicorn", "fostercare.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
