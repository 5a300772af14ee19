"""The bill-entry bot: types approved bills into the ERP's web UI following a recipe.

from bots.enter import BillEntry, BusinessError, ApplicationError
with BillEntry(settings) as bot:
    result = bot.enter(document_id, invoice)   # EntryResult(erp_reference, already_present, ...)
"""

from bots.enter.bot import BillEntry, EntryResult
from bots.enter.errors import ApplicationError, BusinessError, EntryError
from bots.enter.recipe import Recipe, RecipeError, load_recipe, parse_recipe

__all__ = [
    "ApplicationError",
    "BillEntry",
    "BusinessError",
    "EntryError",
    "EntryResult",
    "Recipe",
    "RecipeError",
    "load_recipe",
    "parse_recipe",
]
