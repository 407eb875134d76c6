"""Pages of the assessments app, one module per area:

- start.py: the start page (at `/`, named plainly `start`: see start_urls.py);
- organisations.py: home, regions, systems and organisations;
- questionnaire.py: an assessment's task list, the questionnaire, evidence and assignment;
- signoff.py: submission, approval, reopening, the audit log and the results.
"""
