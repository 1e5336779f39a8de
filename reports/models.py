"""A PDF report made in the background, for evaluations too large to render in a request,
the heartbeat of the workers that make them (reports/worker.py), and the final reports an
effectencalculateur declared, frozen as they were (reports/finals.py)."""

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
    # Set when the job makes a final report: once the PDF is made it is stored as the next
    # FinalReport, declared by ``requested_by`` (reports/finals.py).
    declares_final = models.BooleanField(default=False)
    final = models.OneToOneField(
        "FinalReport", on_delete=models.SET_NULL, null=True, blank=True, related_name="job"
    )

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


class FinalReport(models.Model):
    """A report an effectencalculateur declared final: the PDF exactly as it was made, the
    figures it shows and the price-list version they rest on, so that it can be downloaded
    unchanged however the evaluation is edited afterwards. Numbered per evaluation; a new
    final is a new version, an old one is never changed."""

    evaluation = models.ForeignKey(
        "cases.Evaluation", on_delete=models.CASCADE, related_name="final_reports"
    )
    version = models.PositiveIntegerField("versie")
    pdf = models.BinaryField(editable=False)
    # SHA-256 of ``pdf``, hex: shown beside the download, so that a reader can check that the
    # copy in hand is the one declared.
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    filename = models.CharField(max_length=200)
    # The figures the PDF shows, as cases.summary's JSON (amounts as strings with cents).
    figures = models.JSONField("cijfers", editable=False)
    # The version of the price list, by id and by name as it was then: a version can be
    # renamed or (once nothing uses it) deleted; the name stays what the PDF says.
    price_list = models.ForeignKey(
        "pricelist.PriceList", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    price_list_name = models.CharField("prijslijst", max_length=200)
    price_year = models.PositiveSmallIntegerField("prijsjaar", null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_by_name = models.CharField("vastgesteld door", max_length=200)
    declared_at = models.DateTimeField("vastgesteld op")

    class Meta:
        verbose_name = "definitief rapport"
        verbose_name_plural = "definitieve rapporten"
        ordering = ["evaluation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "version"], name="one_final_report_per_version"
            )
        ]

    def __str__(self):
        return f"Definitief rapport versie {self.version}: {self.evaluation}"

    def get_absolute_url(self):
        return reverse("reports:final_pdf", args=[self.evaluation.slug, self.version])

    @property
    def size_kb(self) -> int:
        return max(1, round(len(self.pdf) / 1024)) if self.pdf else 0
