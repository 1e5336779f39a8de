"""A PDF report made in the background, for evaluations too large to render in a request,
and the heartbeat of the workers that make them (reports/worker.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobStatus(models.TextChoices):
    QUEUED = "queued", "in de wachtrij"
    RUNNING = "running", "bezig"
    DONE = "done", "klaar"
    FAILED = "failed", "mislukt"


class ReportJob(models.Model):
    evaluation = models.ForeignKey(
        "cases.Evaluation", on_delete=models.CASCADE, related_name="report_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    case_count = models.PositiveIntegerField()
    estimated_seconds = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    # The django.tasks result that runs (or last ran) this job, and how often one was started:
    # a job whose worker died is started once more, then failed (reports/worker.py).
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "rapportopdracht"
        verbose_name_plural = "rapportopdrachten"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Rapport {self.evaluation} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("reports:job", args=[self.evaluation.slug, self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class WorkerHeartbeat(models.Model):
    """A running ``manage.py report_worker`` says it is alive every few seconds; a job whose
    worker stopped saying so is taken back (reports/worker.py)."""

    worker_id = models.CharField(max_length=64, unique=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "hartslag van een rapportmaker"
        verbose_name_plural = "hartslagen van rapportmakers"

    def __str__(self):
        return f"Rapportmaker {self.worker_id} (pid {self.pid})"
