"""The proposal wizard: one module per step, named after what the agent does."""
