"""The REST API's endpoints: thin views over the catalogue's and cases' services."""
