"""Attendance service: QR and ID-card scanning, attended time, execution reports (考勤与执行情况)."""
