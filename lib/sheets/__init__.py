"""The sheets of an evaluation workbook (DESIGN §5): their columns, CSV files, a folder or zip
of them, and .xlsx; reading a row cell by cell with Dutch messages that name sheet, row and
column."""
