-- One database per service: each service owns its data and its migrations.
CREATE DATABASE cme_projects;
CREATE DATABASE cme_attendance;
CREATE DATABASE cme_credits;
CREATE DATABASE cme_evidence;
CREATE DATABASE cme_certificates;
CREATE DATABASE cme_identity;
CREATE DATABASE cme_notifications;
