from django.shortcuts import get_object_or_404, render

from articles.models import Article


def workspace(request, pk):
    article = get_object_or_404(Article.objects.select_related("outlet", "import_batch"), pk=pk)
    return render(request, "annotations/workspace.html", {"article": article})
