"""JSON:API documents of each resource, built with server.jsonapi (one serializer per area)."""
