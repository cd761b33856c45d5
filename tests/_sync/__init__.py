# Generated from tests/_async/__init__.py by codegen. Do not edit.

