"""The django.tasks task that makes a background report; run by ``manage.py report_worker``."""

from django.tasks import TaskContext, task

from reports import jobs


@task(takes_context=True)
def make_report(context: TaskContext, job_pk: int) -> None:
    # The job records which task runs it, so that the worker check can tell whose it is.
    jobs.run(job_pk, task_id=str(context.task_result.id))
