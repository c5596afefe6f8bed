"""Pure computation for the service-operations dashboard. Never imports streamlit."""
