"""The portal: the people-facing pages of the platform, a backend-for-frontend over the services' APIs."""
