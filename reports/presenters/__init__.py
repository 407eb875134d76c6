"""View-models and wording for the system, regional and national pages: what each viewer may
see of an aggregate (`viewer`), the round picker and figure rows (`common`), the system
dashboard (`system`, `trends`) and the comparisons of systems and regions (`comparison`)."""
