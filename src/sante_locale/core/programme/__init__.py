"""The action programme of a dispositif as plain data: its vocabulary (statuses,
determinants, approaches to inequalities…), the self-assessment grid, lateness of indicator
values, budget and lens summaries, the programme workbook (XLSX) and the annual review
(DOCX). Nothing here knows the web or the database.
"""
