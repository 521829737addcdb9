"""Token sign-in for API clients: POST a username and password, get a token; DELETE to revoke.

A token lasts ``API_TOKEN_LIFETIME_HOURS`` from when it was issued; after that
``api.authentication.ExpiringTokenAuthentication`` refuses it, and signing in again replaces it
with a new one.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from academy.people.models import User
from api.authentication import token_expires, token_has_expired


class TokenIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=200, trim_whitespace=False)


class TokenOut(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField(
        help_text="When the token stops working; sign in again then for a new one."
    )


class AuthToken(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign-in"

    @extend_schema(request=TokenIn, responses={200: TokenOut}, auth=[])
    def post(self, request: Request) -> Response:
        data = TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                {"password": ["The username or password is not right."]}, code="invalid_login"
            )
        token, _ = Token.objects.get_or_create(user_id=user.pk)
        if token_has_expired(token):
            # By key, so that a sign-in racing this one keeps the fresh token it may have made.
            Token.objects.filter(key=token.key).delete()
            token, _ = Token.objects.get_or_create(user_id=user.pk)
        return Response(TokenOut({"token": token.key, "expires": token_expires(token)}).data)


class AuthTokenRevoke(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
